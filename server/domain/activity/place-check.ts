/**
 * Place check (issue 13): an activity may keep a point and a radius; a member's scan of its rotating
 * code then has to come from within the radius. Coordinates are WGS-84 on both ends — the type
 * wx.getLocation answers by default and the only one a browser's geolocation (Taro's H5
 * getLocation) gives — so no datum is converted anywhere. The location comes from the client and can
 * be forged by a determined member: the check stops the casual relay (a photo of the code sent to
 * someone at home), the relay signals and the personal-code mode the rest.
 */
import type { SignInInput } from '../../../contracts/activity.contract'
import { AppError } from '../errors'

export interface PlaceCheck {
  lat: number
  lng: number
  /** metres, 50–5000 */
  radiusM: number
  /** a scan without a location: refused, or signed in and flagged */
  missing: 'refuse' | 'flag'
}

/** What a scan under a place check records on its sign-in: the distance, or null when it sent no location (flagged). */
export interface PlaceResult {
  distanceM: number | null
  radiusM: number
}

const EARTH_RADIUS_M = 6_371_008.8

/** Great-circle distance in metres (haversine; well under a metre off at these ranges). */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180
  const dLat = rad(b.lat - a.lat)
  const dLng = rad(b.lng - a.lng)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** 「约 180 米」, 「约 2.4 公里」: what a member reads. */
export function formatDistance(m: number): string {
  if (m < 1000) return `约 ${Math.round(m)} 米`
  return `约 ${(Math.round(m / 100) / 10).toFixed(1)} 公里`
}

/**
 * The place check of one scan: null when the activity has none; the record's place fields when the
 * scan passes; an AppError when it is refused (out of range, or no location and `missing: 'refuse'`).
 * The distance is compared as measured: the reported accuracy is the client's word and widens nothing.
 */
export function checkPlace(check: PlaceCheck | null | undefined, location: SignInInput['location']): PlaceResult | AppError | null {
  if (!check) return null
  if (!location) {
    if (check.missing === 'refuse') return new AppError('ACTIVITY.LOCATION_REQUIRED')
    return { distanceM: null, radiusM: check.radiusM }
  }
  const d = Math.round(distanceM(check, { lat: location.latitude, lng: location.longitude }))
  if (d > check.radiusM) {
    return new AppError('ACTIVITY.OUT_OF_RANGE', `您距离活动地点${formatDistance(d)}，超出签到范围（${check.radiusM} 米）`)
  }
  return { distanceM: d, radiusM: check.radiusM }
}
