// Demo: hospitals pushing today's intensive-care figures to a running portal.
//   npm run token -- create --publisher ministere-sante     (copy the token)
//   PORTAL_TOKEN=cdp_… npm run simulate -- [--url http://127.0.0.1:4321] [--every 2] [--count 20]
// Each hospital of the example live dataset reports every --every seconds (loopback by default).
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: `http://${process.env.HOST || '127.0.0.1'}:${process.env.PORT || '4321'}` },
    dataset: { type: 'string', default: 'lits-reanimation-etablissements' },
    every: { type: 'string', default: '2' },
    count: { type: 'string', default: '0' },
  },
});
const token = process.env.PORTAL_TOKEN;
if (!token) {
  console.error('Set PORTAL_TOKEN to a token from: npm run token -- create --publisher ministere-sante');
  process.exit(2);
}
const HOSPITALS = [
  ['750712184', 'AP-HP Hôpital Pitié-Salpêtrière', 120],
  ['690781810', 'Hospices civils de Lyon', 106],
  ['130786049', 'AP-HM Hôpital de la Timone', 75],
  ['330781196', 'CHU de Bordeaux', 68],
  ['590780193', 'CHU de Lille', 80],
] as const;
const TENSION = ['faible', 'moderee', 'forte', 'critique'];
const today = new Date().toISOString().slice(0, 10);
let round = 0;
const max = Number(values.count);
for (;;) {
  round++;
  await Promise.all(
    HOSPITALS.map(async ([etablissement, nom, beds]) => {
      const occupied = Math.min(beds, Math.round(beds * (0.6 + Math.random() * 0.4)));
      const row = {
        etablissement,
        nom,
        jour: today,
        lits_occupes: occupied,
        lits_disponibles: beds - occupied,
        patients_covid: Math.round(occupied * 0.6),
        tension: TENSION[Math.min(3, Math.floor((occupied / beds) * 4))],
      };
      const res = await fetch(`${values.url}/api/datasets/${values.dataset}/rows`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': `${etablissement}-${today}-${round}-${process.pid}` },
        body: JSON.stringify({ rows: [row] }),
      });
      console.log(`${new Date().toISOString()} ${nom}: ${occupied}/${beds} → ${res.status} ${await res.text()}`);
    }),
  );
  if (max && round >= max) break;
  await new Promise((r) => setTimeout(r, Number(values.every) * 1000));
}
