/** Picked instead of `platform.ts` by Taro's multi-platform resolver when building H5. */
import './h5.css'
