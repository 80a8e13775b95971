// The 回收站: deleted people, units and records; restore; purge for good
// (one account requests, another approves, after the retention period).
import { get, post } from './http.js'

export const listRecycle = (params) => get('/api/v1/recycle-bin', params)
export const getRecycleItem = (id) => get('/api/v1/recycle-bin/' + id)
export const restoreRecycleItem = (id) => post(`/api/v1/recycle-bin/${id}/restore`)
export const requestPurge = (id, reason) => post(`/api/v1/recycle-bin/${id}/purge-requests`, { reason })
export const approvePurge = (id) => post(`/api/v1/recycle-bin/${id}/purge-requests/approve`)
export const recycleSettings = () => get('/api/v1/recycle-bin/settings')

export const RECYCLE_TYPES = [
  { value: 'person', label: '干部' },
  { value: 'unit', label: '机构' },
  { value: 'record', label: '记录' },
]
