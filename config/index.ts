/**
 * Taro build configuration shared by the weapp and H5 builds. Each platform writes to its own
 * folder (`dist/weapp`, `dist/h5`) so both builds can coexist.
 */
import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import { dotenvParse } from '@tarojs/helper'
import devConfig from './dev'
import prodConfig from './prod'
import { buildProblems } from './release'

/** The repository's shared zod contracts live outside `src` and must go through Babel too. */
const contractsDir = path.resolve(__dirname, '..', 'contracts')

// https://docs.taro.zone/docs/next/config#defineconfig-辅助函数
export default defineConfig<'webpack5'>(async (merge, { mode }) => {
  // A release weapp must name its CloudBase environment (config/release.ts): stop before building.
  const fromFiles = dotenvParse(path.resolve(__dirname, '..'), 'TARO_APP_', mode)
  const problems = buildProblems({
    taroEnv: process.env.TARO_ENV,
    nodeEnv: process.env.NODE_ENV,
    mode,
    cloudEnv: fromFiles.TARO_APP_CLOUD_ENV ?? process.env.TARO_APP_CLOUD_ENV,
    h5Backend: fromFiles.TARO_APP_H5_BACKEND ?? process.env.TARO_APP_H5_BACKEND,
  })
  if (problems.length) throw new Error(problems.join('\n'))
  const h5Backend = (fromFiles.TARO_APP_H5_BACKEND ?? process.env.TARO_APP_H5_BACKEND) === 'cloudbase' ? 'cloudbase' : 'gateway'
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'zhihui-dangjian',
    date: '2025-1-1',
    designWidth: 750,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    // Taro injects TARO_APP_* values from .env files (they win); a value exported in the shell
    // is the fallback, and an empty string means "the default CloudBase environment".
    env: {
      TARO_APP_CLOUD_ENV: JSON.stringify(process.env.TARO_APP_CLOUD_ENV ?? ''),
      // The H5 site's origin, put in front of the sign-in QR's path in the mini-program.
      TARO_APP_H5_ORIGIN: JSON.stringify(process.env.TARO_APP_H5_ORIGIN ?? ''),
      // `cloudbase`: H5 calls the functions through @cloudbase/js-sdk (anonymous sign-in); anything
      // else: through the gateway. A literal at build time, so the gateway bundle has no SDK.
      TARO_APP_H5_BACKEND: JSON.stringify(h5Backend),
    },
    defineConstants: {},
    copy: {
      patterns: [],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    // Webpack's persistent cache (node_modules/.cache/webpack, one cache per NODE_ENV × TARO_ENV).
    cache: {
      enable: true,
    },
    mini: {
      compile: {
        include: [contractsDir],
      },
      postcss: {
        pxtransform: {
          enable: true,
          config: {},
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: {
        mode: 'browser',
      },
      compile: {
        include: [contractsDir],
      },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: {
          enable: true,
          config: {},
        },
        cssModules: {
          enable: false,
          config: {
            namingPattern: 'module',
            generateScopedName: '[name]__[local]___[hash:base64:5]',
          },
        },
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    // 本地开发构建配置（不混淆压缩）
    return merge({}, baseConfig, devConfig)
  }
  // 生产构建配置（默认开启压缩混淆等）
  return merge({}, baseConfig, prodConfig)
})
