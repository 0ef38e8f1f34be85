import type { PoolConfig } from 'pg'

/**
 * Where the product's Postgres is, and the one place that turns it into connection settings.
 * Processes of the product receive it as the Subsquid DB_* variables (connectionEnv); our own
 * code reads them back with connectionFromEnv and connects with pgConfig. (The Subsquid SDK parts —
 * TypeormDatabase, the GraphQL server — read the same DB_* variables themselves.)
 */
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

/** The connection the DB_* variables describe; unset ones take Subsquid's defaults (127.0.0.1:5432, squid, postgres/postgres). */
export function connectionFromEnv(env: NodeJS.ProcessEnv = process.env): DbConnection {
    const port = Number(env.DB_PORT ?? 5432)
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`DB_PORT is not a port: ${env.DB_PORT}`)
    return {
        host: env.DB_HOST ?? '127.0.0.1',
        port,
        database: env.DB_NAME ?? 'squid',
        user: env.DB_USER ?? 'postgres',
        password: env.DB_PASS ?? 'postgres',
    }
}

/** An external server configured through DB_* (docker-compose.yml or any Postgres), or undefined. */
export function externalConnectionFromEnv(env: NodeJS.ProcessEnv = process.env): DbConnection | undefined {
    if (!env.DB_HOST) return undefined
    return connectionFromEnv(env)
}

/**
 * node-postgres settings (for a Client or a Pool) of a connection — by default the one of DB_* —
 * plus pool/session options (`max`, `statement_timeout`, `application_name`, ...).
 */
export function pgConfig(c: DbConnection = connectionFromEnv(), extra: Omit<PoolConfig, keyof DbConnection | 'connectionString'> = {}): PoolConfig {
    return { host: c.host, port: c.port, database: c.database, user: c.user, password: c.password, ...extra }
}
