// The answer to a 412 (a save refused because someone else saved the record
// in between): says who changed it, when and which fields, and offers to
// reload the page with the record as it now stands. The user's own changes
// stay in the form when they choose not to reload.
import { ElMessageBox } from 'element-plus'
import { fieldLabel, loadFieldLabels, RECORD_SCHEMAS } from '../utils/fields.js'

function localTime(iso) {
  const d = iso ? new Date(iso) : null
  if (!d || Number.isNaN(d.getTime())) return ''
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}

export function conflictMessage(problem) {
  const who = problem?.changed_by || '他人'
  const when = localTime(problem?.changed_at)
  const fields = (problem?.changed_fields || []).map((f) => fieldLabel(f, RECORD_SCHEMAS)).filter(Boolean)
  let text = `${who}${when ? ' 于 ' + when : ''} 修改了此记录`
  if (fields.length) text += `（${fields.join('、')}）`
  return text + '，您的修改未保存。是否重新加载，查看最新内容后再编辑？'
}

let open = false
export async function showConflict(problem) {
  if (open) return
  open = true
  try {
    await loadFieldLabels(RECORD_SCHEMAS).catch(() => {})
    await ElMessageBox.confirm(conflictMessage(problem), '数据已被他人修改', {
      type: 'warning',
      confirmButtonText: '重新加载',
      cancelButtonText: '暂不',
      customClass: 'conflict-dialog',
    })
    window.location.reload()
  } catch {
    // kept: the user copies what they typed before reloading
  } finally {
    open = false
  }
}
