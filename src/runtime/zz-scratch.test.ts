import { test } from 'vitest';
import { analyze } from './../graph/analyze';
import * as G from './test-graphs';
import { Session } from './session';
import { quietNode } from './backend';
import { vaeProbe, bayesProbe, posteriorToPrior } from './probes';
import { attentionMaps } from './inspect';
import { generate } from './generate';
import { graphInfo } from './graph-info';

test('scratch', async () => {
  quietNode();
  for (const [name, g] of Object.entries({ lm: G.tinyLanguageModel(), s2s: G.tinySeq2Seq(), vae: G.tinyVae(), bayes: G.tinyBayes(), div: G.divergingRegression() })) {
    const a = analyze(g);
    if (!a.ok) { console.log(name, a.problems); continue; }
    const s = await Session.create(g, { backend: 'cpu' });
    const t0 = performance.now();
    try {
      const r = await s.train(20, { reportEvery: 10 });
      console.log(name, 'losses', JSON.stringify(r?.losses), ((performance.now() - t0) / 20).toFixed(1), 'ms/step');
    } catch (e) { console.log(name, 'ERR', (e as Error).message); }
    const info = graphInfo(s, 0);
    console.log(name, JSON.stringify({ gen: info.generation, att: info.attention, vae: info.vae, bayes: info.bayes }));
    if (name === 'vae') { const v = vaeProbe(s); console.log('vae', v.side, v.inputs.length, v.traversal.images.length, v.interpolation.images.length, v.reconstructions[0].slice(0, 5)); }
    if (name === 'bayes') { const b = bayesProbe(s, { samples: 20 }); console.log('bayes', b.xs.length, b.mean.slice(0, 3), b.std.slice(0, 3)); console.log(posteriorToPrior(s)); console.log(JSON.stringify(await s.evaluate(1))); }
    if (name === 's2s') { const gr = await generate(s, { source: 'abc', beamWidth: 2 }); console.log('gen', gr.text); const m = attentionMaps(s, { source: 'abc', target: gr.text }); console.log(m.maps.map((x) => `${x.nodeId} ${x.head} ${x.cross} ${x.rows.join('')} | ${x.cols.join('')}`)); }
  }
}, 120000);
