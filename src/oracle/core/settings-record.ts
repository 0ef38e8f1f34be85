/** The core settings as canonical JSON: the fingerprint of the policy the stored oracle tables were computed with. */
import { CoreSettings } from './settings'

export function serializeSettings(s: CoreSettings): string {
    return JSON.stringify({
        feeBps: s.feeBps, periodSeconds: s.periodSeconds, maxApr: s.maxApr, releasePeriodSeconds: s.releasePeriodSeconds,
        minStakePlanck: s.minStakePlanck.toString(),
    })
}
