import type { Express, Request, Response } from 'express'
import * as fs from 'fs'
import * as path from 'path'
import { expressOfGraphqlServer } from './server'

/**
 * GET /dashboard: the pool dashboard (dashboard/ at the project root, bundled by `npm run build` into
 * lib/dashboard). Static files only: the page reads everything from /graphql on the same port, so the
 * API process serves it without reading anything itself.
 */
export const DASHBOARD_DIR = path.resolve(__dirname, '../dashboard')

export function mountDashboard(app: Express, dir = DASHBOARD_DIR): void {
    const express = expressOfGraphqlServer()
    const index = path.join(dir, 'index.html')
    app.get('/dashboard', (_req: Request, res: Response) => {
        if (!fs.existsSync(index)) return void res.status(503).type('text/plain').send('the dashboard is not built: run `npm run build`')
        res.setHeader('Cache-Control', 'no-cache')
        res.sendFile(index)
    })
    // the bundle's own files (index.html links them as /dashboard/…); a missing one is a 404, never the page
    app.use('/dashboard', express.static(dir, { index: false, fallthrough: false, maxAge: 0 }))
}
