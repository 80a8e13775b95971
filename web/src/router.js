// Routes, the login guard and the page titles that feed the breadcrumbs.
import { createRouter, createWebHistory } from 'vue-router'
import { session, setUnauthorizedHandler, can } from './api/http.js'
import { restore } from './api/session.js'

const MainLayout = () => import('./views/layout/MainLayout.vue')

export const routes = [
  { path: '/login', name: 'login', component: () => import('./views/login/LoginView.vue'), meta: { public: true, title: '登录' } },
  {
    path: '/',
    component: MainLayout,
    children: [
      { path: '', name: 'home', component: () => import('./views/home/HomeView.vue'), meta: { title: '首页', menu: true, icon: 'home' } },
      { path: 'people', name: 'roster', component: () => import('./views/roster/RosterView.vue'), meta: { title: '干部名册', menu: true, icon: 'roster', perm: 'people.read' } },
      { path: 'people/:id(\\d+)', name: 'person', component: () => import('./views/person/PersonView.vue'), meta: { title: '干部信息', parent: 'roster', perm: 'people.read' } },
      { path: 'units', name: 'units', component: () => import('./views/units/UnitsView.vue'), meta: { title: '机构与职数', menu: true, icon: 'units', perm: 'units.read' } },
      { path: 'qualifications', name: 'qualify', component: () => import('./views/qualify/QualifyView.vue'), meta: { title: '资格名单', menu: true, icon: 'qualify', perm: 'people.read' } },
      { path: 'rules', name: 'rules', component: () => import('./views/rules/RulesView.vue'), meta: { title: '任职资格规则', menu: true, icon: 'rules', perm: 'people.read' } },
      { path: 'accounts', name: 'accounts', component: () => import('./views/admin/AccountsView.vue'), meta: { title: '账号管理', menu: true, icon: 'accounts', perm: 'users.admin' } },
      { path: 'roles', name: 'roles', component: () => import('./views/admin/RolesView.vue'), meta: { title: '角色分配', menu: true, icon: 'roles', perm: 'roles.assign' } },
      { path: 'security', name: 'security', component: () => import('./views/admin/PolicyView.vue'), meta: { title: '安全策略', menu: true, icon: 'security', perm: 'roles.assign' } },
      { path: 'audit', name: 'audit', component: () => import('./views/audit/AuditView.vue'), meta: { title: '审计日志', menu: true, icon: 'audit', perm: 'audit.read' } },
      { path: 'me', name: 'me', component: () => import('./views/me/ProfileView.vue'), meta: { title: '个人设置', menu: true, icon: 'me' } },
      { path: 'recycle-bin', name: 'recycle', component: () => import('./views/recycle/RecycleView.vue'), meta: { title: '回收站', menu: true, icon: 'recycle', perm: 'recycle.read' } },
      { path: 'tipoffs', name: 'tipoffs', component: () => import('./views/tipoffs/TipoffsView.vue'), meta: { title: '信访举报', menu: true, icon: 'tipoffs', perm: 'tipoffs.read' } },
      { path: 'assessment', name: 'assessment', component: () => import('./views/assessment/RoundsView.vue'), meta: { title: '考核', menu: true, icon: 'assessment', perm: 'assessment.read' } },
      { path: 'assessment/mine', name: 'assessment-mine', component: () => import('./views/assessment/MyRoundsView.vue'), meta: { title: '考核测评', menu: true, icon: 'rate', perm: 'assessment.rate' } },
      { path: 'assessment/schemes', name: 'assessment-schemes', component: () => import('./views/assessment/SchemesView.vue'), meta: { title: '考核方案', parent: 'assessment', perm: 'assessment.read' } },
      { path: 'assessment/rounds/:id(\\d+)', name: 'assessment-round', component: () => import('./views/assessment/RoundView.vue'), meta: { title: '考核轮次', parent: 'assessment', perm: 'assessment.read' } },
      { path: 'declarations', name: 'declarations', component: () => import('./views/declarations/DeclarationsView.vue'), meta: { title: '个人有关事项', menu: true, icon: 'audit', perm: 'declarations.manage' } },
      { path: 'declarations/people/:id(\\d+)/:year(\\d{4})', name: 'declaration', component: () => import('./views/declarations/PersonDeclarationView.vue'), meta: { title: '个人有关事项报告', parent: 'declarations', perm: 'declarations.file' } },
      { path: 'my-declaration', name: 'my-declaration', component: () => import('./views/declarations/MyDeclarationView.vue'), meta: { title: '本人事项报告', menu: true, icon: 'rules', perm: 'declarations.file' } },
      { path: 'training', name: 'training', component: () => import('./views/training/TrainingView.vue'), meta: { title: '干部培训', menu: true, icon: 'rules', perm: 'training.read' } },
      { path: 'training/classes/:id(\\d+)', name: 'training-class', component: () => import('./views/training/ClassView.vue'), meta: { title: '培训班', parent: 'training', perm: 'training.read' } },
      { path: 'appointments', name: 'appointments', component: () => import('./views/appointments/AppointmentsView.vue'), meta: { title: '任免事项', menu: true, icon: 'rules', perm: 'appointments.read' } },
      { path: 'appointments/:id(\\d+)', name: 'appointment', component: () => import('./views/appointments/CaseView.vue'), meta: { title: '任免事项', parent: 'appointments', perm: 'appointments.read' } },
      { path: 'holidays', name: 'holidays', component: () => import('./views/appointments/HolidaysView.vue'), meta: { title: '节假日安排', menu: true, icon: 'audit', perm: 'appointments.read' } },
    ],
  },
  // 网上信访举报: anyone, no account (the guard lets public routes through).
  { path: '/report', name: 'report', component: () => import('./views/report/ReportView.vue'), meta: { public: true, title: '网上信访举报' } },
  // The rater's form stands alone, without the menu: it is used on phones.
  { path: '/assessment/rate/:id(\\d+)', name: 'assessment-rate', component: () => import('./views/assessment/RateView.vue'), meta: { title: '考核测评', perm: 'assessment.rate' } },
  { path: '/:rest(.*)*', name: 'notfound', component: () => import('./views/layout/NotFound.vue'), meta: { public: true, title: '页面不存在' } },
]

export const router = createRouter({ history: createWebHistory('/'), routes })

router.beforeEach(async (to) => {
  if (!session.checked) await restore()
  if (to.meta.public) {
    if (to.name === 'login' && session.user) return safeRedirect(to.query.redirect)
    return true
  }
  if (!session.user) return { name: 'login', query: { redirect: to.fullPath } }
  // A role requires the 动态口令 and it is not on: enrol first.
  if (session.totpEnrolment && to.name !== 'me') return { name: 'me', query: { enrol: '1' } }
  if (to.meta.perm && !can(to.meta.perm)) return { name: 'home' }
  return true
})

router.afterEach((to) => {
  document.title = (to.meta.title ? to.meta.title + ' - ' : '') + '干部管理系统'
})

// Only paths inside this app: never an absolute URL from the query string.
export function safeRedirect(r) {
  return typeof r === 'string' && r.startsWith('/') && !r.startsWith('//') ? r : '/'
}

// Session expired mid-work: to the login page, then back here.
setUnauthorizedHandler(() => {
  const cur = router.currentRoute.value
  if (cur.name !== 'login') router.replace({ name: 'login', query: { redirect: cur.fullPath, expired: '1' } })
})
