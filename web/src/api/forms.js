// The 干部任免审批表 of one person: its 简历 as the server writes it (the same
// generator as the PDF and the LRMX).
import { get, put, del } from './http.js'

// { lines: [{ kind, start, end, period, text, line }], gaps: [{ from, to, months, message }], text }
export const getResume = (id) => get(`/api/v1/people/${id}/resume`)

// The photo: its URL for an <img> (`v` busts the browser's cache after a
// change), upload of a File (JPEG or PNG, checked by the server), removal.
export const photoUrl = (id, v = 0) => `/api/v1/people/${id}/photo?v=${v}`
export const uploadPhoto = (id, file) => put(`/api/v1/people/${id}/photo`, file)
export const deletePhoto = (id) => del(`/api/v1/people/${id}/photo`)

// The 干部任免审批表 as PDF (A4), opened in a new tab to print.
export const formPdfUrl = (id) => `/api/v1/people/${id}/form.pdf`
