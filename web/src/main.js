// Entry point: the app, its router, Element Plus styles that are not
// component-scoped (message boxes), and our base CSS.
import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
import 'element-plus/theme-chalk/el-message.css'
import 'element-plus/theme-chalk/el-message-box.css'
import 'element-plus/theme-chalk/el-overlay.css'
import './style.css'

createApp(App).use(router).mount('#app')
