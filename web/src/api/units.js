// The unit (单位) tree with establishment (职数) and headcounts.
import { get, post, patch, del } from './http.js'

export const listUnits = () => get('/api/v1/units').then((d) => d.items || [])
// Ids, names and children only (roles.assign): the 安全管理员's scope picker.
export const listUnitNames = () => get('/api/v1/units/names').then((d) => d.items || [])
export const getUnit = (id) => get('/api/v1/units/' + id)
export const createUnit = (body) => post('/api/v1/units', body)
export const updateUnit = (id, body) => patch('/api/v1/units/' + id, body)
export const deleteUnit = (id) => del('/api/v1/units/' + id)

// Flattens the tree into id → {node, path} for labels and breadcrumbs.
export function indexUnits(roots) {
  const byId = new Map()
  const walk = (nodes, path) => {
    for (const n of nodes || []) {
      const p = [...path, n.name]
      byId.set(n.id, { node: n, path: p })
      walk(n.children, p)
    }
  }
  walk(roots, [])
  return byId
}
