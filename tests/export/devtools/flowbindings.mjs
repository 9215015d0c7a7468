// Runs Chrome DevTools' own trace engine (npm @paulirish/trace_engine, the model behind the Performance
// panel) on Chrome trace files and prints, as one JSON line per file, every flow it built: the events each
// flow binds to (name, ph, tid, ts in microseconds as written). tst_devtoolsflows compares them with the
// store's flows. Usage: node flowbindings.mjs FILE.json...
import fs from 'node:fs';
import * as Trace from '@paulirish/trace_engine';

// The engine reads window.DOMRect when it is loaded in a page; Node has none.
globalThis.DOMRect ??= class DOMRect {
  constructor(x = 0, y = 0, width = 0, height = 0) {
    Object.assign(this, {x, y, width, height});
  }
};

for (const file of process.argv.slice(2)) {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const events = Array.isArray(json) ? json : json.traceEvents;
  const processor = new Trace.Processor.TraceProcessor({Flows: Trace.Handlers.ModelHandlers.Flows});
  await processor.parse(events, {});
  const flows = processor.data.Flows.flows.map(
      flow => flow.map(e => ({name: e.name, ph: e.ph, tid: e.tid, ts: e.ts})));
  console.log(JSON.stringify({file, flows}));
}
