// Chinese names of the API's field names, for error reports (an import's
// row errors, a form's messages about fields it does not show). Record
// fields are named by the server's schemas (GET /api/v1/schema/{kind});
// only the roster file's own columns, which are no record's fields, are
// named here.
import { reactive } from 'vue'
import { loadSchema } from '../api/schema.js'

const ROSTER_COLUMNS = {
  file: '文件',
  unit: '单位',
  unit_path: '单位',
  post_title: '现任职务',
  post_start: '任现职时间',
  rank_start: '任现职级时间',
}

const DEFAULT_KINDS = ['person', 'career', 'education', 'unit']
// Every kind of record a user edits, for messages about any of them.
export const RECORD_SCHEMAS = ['person', 'career', 'education', 'assessment', 'reward', 'punishment', 'family', 'training', 'unit']
const labels = reactive({}) // kind → { name: label }

// Loads the labels of the kinds whose fields `fieldLabel` should name.
export async function loadFieldLabels(kinds = DEFAULT_KINDS) {
  await Promise.all(
    kinds.map((k) =>
      loadSchema(k)
        .then((s) => (labels[k] = Object.fromEntries(s.fields.map((f) => [f.name, f.label]))))
        .catch(() => {}),
    ),
  )
}

// The Chinese name of field `f`: the first of `kinds` that has the field
// names it (the person's "status" is 人员状态, a unit's "kind" 单位类别).
export function fieldLabel(f, kinds = DEFAULT_KINDS) {
  if (!f) return ''
  if (!Array.isArray(kinds)) kinds = DEFAULT_KINDS
  for (const k of kinds) if (labels[k]?.[f]) return labels[k][f]
  if (ROSTER_COLUMNS[f]) return ROSTER_COLUMNS[f]
  const m = /^establishment\[(\d+)\]/.exec(f)
  if (m) return `职数第 ${Number(m[1]) + 1} 项`
  if (f === 'establishment') return '职数'
  // Not a known API name: it is the file's own column header (Chinese); a
  // bare ASCII identifier would be a raw code, which we never show.
  return /^[a-z_][a-z0-9_.[\]]*$/.test(f) ? '' : f
}
