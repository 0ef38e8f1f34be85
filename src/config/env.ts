/**
 * A non-negative integer setting from the environment: undefined when unset or empty; anything
 * else that is not a non-negative safe integer (`abc`, `1.5`, `-1`, `1e400`) throws, naming the variable.
 */
export function envInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
    const v = env[name]
    if (v == null || v === '') return undefined
    const n = Number(v)
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(v)}`)
    return n
}
