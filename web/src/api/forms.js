// The 干部任免审批表 of one person: its 简历 as the server writes it (the same
// generator as the PDF and the LRMX).
import { get } from './http.js'

// { lines: [{ kind, start, end, period, text, line }], gaps: [{ from, to, months, message }], text }
export const getResume = (id) => get(`/api/v1/people/${id}/resume`)
