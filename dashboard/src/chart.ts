/**
 * Charts are drawn by Observable Plot (marks, scales, stacking, legends): this file only gives a
 * chart its container's width and draws it again when that width changes (a phone turned, a window
 * resized). Each mark that shows values carries a `title` per datum, so a reader hovering and a test
 * reading the SVG see the same exact figures.
 */
import * as Plot from '@observablehq/plot'

type Options = Plot.PlotOptions

/**
 * Tick labels for a band axis, every k-th only when the chart is too narrow for all of them to be
 * read (a phone): every band still has its bar.
 */
export function sparseTicks(width: number, count: number, text: (d: string) => string = d => d): (d: string, i: number) => string {
    const fit = Math.max(1, Math.floor((width - 80) / 34))
    const every = Math.max(1, Math.ceil(count / fit))
    return (d, i) => (i % every === 0 ? text(d) : '')
}

/** days as "01-06" */
export function dayTicks(width: number, count: number): (d: string, i: number) => string {
    return sparseTicks(width, count, d => d.slice(5))
}

export function chart(testId: string, caption: string, options: (width: number) => Options): HTMLElement {
    const figure = document.createElement('figure')
    figure.className = 'chart'
    figure.dataset.testid = testId
    const draw = () => {
        const width = Math.max(280, Math.floor(figure.clientWidth || 640))
        if (figure.dataset.width === String(width)) return
        figure.dataset.width = String(width)
        const svg = Plot.plot({ width, height: width < 500 ? 240 : 300, style: { fontSize: '12px', overflow: 'visible' }, ...options(width) })
        svg.setAttribute('aria-label', caption)
        figure.replaceChildren(svg, Object.assign(document.createElement('figcaption'), { textContent: caption }))
    }
    // drawn once attached (its width is known then), and again on each change of width
    const observer = new ResizeObserver(() => draw())
    observer.observe(figure)
    return figure
}
