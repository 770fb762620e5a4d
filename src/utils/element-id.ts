/**
 * Element ids for form inputs. In H5 Taro renders `<Input>` as `<taro-input-core>` wrapping a
 * native `<input>`; the id goes on the native input there, so `#id` selects something a browser
 * (and a browser test's `fill`) can type into. In weapp the id stays on the component.
 */
import { isH5 } from '../env'

export function inputId(id: string): { id?: string; nativeProps?: Record<string, unknown> } {
  return isH5 ? { nativeProps: { id } } : { id }
}
