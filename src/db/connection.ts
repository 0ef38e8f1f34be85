/** Where the product's Postgres is. Processes of the product receive it as the Subsquid DB_* variables. */
export interface DbConnection {
    host: string
    port: number
    database: string
    user: string
    password: string
}

export function connectionEnv(c: DbConnection): Record<string, string> {
    return { DB_HOST: c.host, DB_PORT: String(c.port), DB_NAME: c.database, DB_USER: c.user, DB_PASS: c.password }
}

/** An external server configured through DB_* (docker-compose.yml or any Postgres), or undefined. */
export function externalConnectionFromEnv(env: NodeJS.ProcessEnv = process.env): DbConnection | undefined {
    if (!env.DB_HOST) return undefined
    const port = Number(env.DB_PORT ?? 5432)
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`DB_PORT is not a port: ${env.DB_PORT}`)
    return {
        host: env.DB_HOST,
        port,
        database: env.DB_NAME ?? 'squid',
        user: env.DB_USER ?? 'postgres',
        password: env.DB_PASS ?? 'postgres',
    }
}
