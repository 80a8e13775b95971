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
    ],
  },
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
