/** App root: initialises WeChat cloud (weapp only) and renders the current page. */
import type { PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { ensureCloud } from './api/cloud'
import './app.css'
import './styles/platform'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') ensureCloud()
  })
  // children 是将要渲染的页面
  return children
}

export default App
