// People (干部) and the records under each person.
import { get, post, patch, del } from './http.js'

export const listPeople = (params, opts) => get('/api/v1/people', params, opts)
export const getPerson = (id) => get('/api/v1/people/' + id)
export const createPerson = (body) => post('/api/v1/people', body)
export const updatePerson = (id, body) => patch('/api/v1/people/' + id, body)
// 删除 moves the person with every record to the 回收站; the reason is required.
export const deletePerson = (id, reason) => del('/api/v1/people/' + id, { body: { reason } })

// kind: career | education | assessments | rewards | punishments | family
export const listRecords = (id, kind) =>
  get(`/api/v1/people/${id}/${kind}`, { per_page: 1000 }).then((d) => d.items || [])
export const getRecord = (id, kind, rid) => get(`/api/v1/people/${id}/${kind}/${rid}`)
export const createRecord = (id, kind, body) => post(`/api/v1/people/${id}/${kind}`, body)
export const updateRecord = (id, kind, rid, body) =>
  patch(`/api/v1/people/${id}/${kind}/${rid}`, body)
export const deleteRecord = (id, kind, rid) => del(`/api/v1/people/${id}/${kind}/${rid}`)
