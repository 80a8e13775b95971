// A page may name what it shows (a person's name) for the last breadcrumb.
import { ref } from 'vue'
export const crumbTail = ref('')
