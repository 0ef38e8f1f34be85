/**
 * Builds the dashboard into lib/dashboard (part of `npm run build`): type-checks dashboard/src
 * (tsc, DOM types), bundles it with its npm dependencies (Observable Plot) into one app.js with
 * esbuild, and copies index.html and style.css. Nothing is fetched at run time: the page works offline.
 */
const { execFileSync } = require('child_process')
const fs = require('fs')
const path = require('path')
const esbuild = require('esbuild')

const here = __dirname
const out = path.join(here, '..', 'lib', 'dashboard')

execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(here, 'tsconfig.json')], { stdio: 'inherit' })
fs.mkdirSync(out, { recursive: true })
esbuild.buildSync({
    entryPoints: [path.join(here, 'src', 'main.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    outfile: path.join(out, 'app.js'),
    legalComments: 'linked',
    logLevel: 'warning',
})
for (const file of ['index.html', 'style.css']) fs.copyFileSync(path.join(here, file), path.join(out, file))
