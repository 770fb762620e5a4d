// Node 20 lacks the ES2025 Set.prototype methods that Dimina's compiler (through cssnano 8)
// calls; loaded with NODE_OPTIONS=--require before the compiler and the container build.
'use strict'
const define = (name, fn) => {
  if (typeof Set.prototype[name] !== 'function') {
    Object.defineProperty(Set.prototype, name, { value: fn, writable: true, configurable: true })
  }
}
const keysOf = (other) => {
  if (other == null || typeof other.has !== 'function' || typeof other.keys !== 'function') {
    throw new TypeError('expected a set-like object')
  }
  return other
}
define('union', function union(other) {
  const out = new Set(this)
  for (const v of keysOf(other).keys()) out.add(v)
  return out
})
define('intersection', function intersection(other) {
  keysOf(other)
  const out = new Set()
  for (const v of this) if (other.has(v)) out.add(v)
  return out
})
define('difference', function difference(other) {
  keysOf(other)
  const out = new Set()
  for (const v of this) if (!other.has(v)) out.add(v)
  return out
})
define('symmetricDifference', function symmetricDifference(other) {
  const out = new Set(this)
  for (const v of keysOf(other).keys()) {
    if (this.has(v)) out.delete(v)
    else out.add(v)
  }
  return out
})
define('isSubsetOf', function isSubsetOf(other) {
  keysOf(other)
  for (const v of this) if (!other.has(v)) return false
  return true
})
define('isSupersetOf', function isSupersetOf(other) {
  for (const v of keysOf(other).keys()) if (!this.has(v)) return false
  return true
})
define('isDisjointFrom', function isDisjointFrom(other) {
  keysOf(other)
  for (const v of this) if (other.has(v)) return false
  return true
})
