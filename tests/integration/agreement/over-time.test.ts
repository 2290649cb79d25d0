import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAgreementReport } from '@/lib/agreement/report';
import type { Read } from '@/lib/agreement/types';
import { getAgreementOverTime, isoWeekLabel, type AgreementPeriod } from '@/server/use-cases/get-agreement-over-time';
import { listScanAnnotations } from '@/server/use-cases/list-scan-annotations';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { simulateReads } from '../../unit/agreement/simulate';
import { rounded, seedProject, simulatedAnnotations } from './seed';

const labels = ['normal', 'bleed'];
const at = (month: number, d: number, h = 10) => new Date(Date.UTC(2026, month - 1, d, h));
const options = { bootstrap: 200, seed: 5 };

/** What a period should say: lib/agreement's report on the table, headline statistics only. */
function headline(table: readonly Read[]) {
  const r = computeAgreementReport(table, { categories: labels, ...options });
  const { reads, items, pairable_items: pairableItems, readers } = r.counts;
  return {
    reads,
    items,
    pairableItems,
    readers,
    krippendorff_alpha: r.krippendorff_alpha,
    fleiss_kappa: r.fleiss_kappa,
    percent_agreement: r.percent_agreement,
  };
}

const stats = (p: AgreementPeriod) => {
  const { key: _k, kind: _kind, label: _l, at: _a, upToSeq: _u, ...rest } = p;
  return rest;
};

describe('agreement over time', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('groups reads by the ISO week they were made in and by the reads each model version trained on', async () => {
    const s = await seedProject(t, { readers: ['Ana', 'Ben', 'Cleo'], scans: 40, project: { task: 'BINARY', labels } });
    const weekA = simulateReads({ seed: 1, items: 20, categories: labels, accuracies: [0.9, 0.8, 0.7] }).reads;
    const weekB = simulateReads({ seed: 2, items: 40, categories: labels, accuracies: [0.95, 0.9, 0.9] }).reads.filter(
      (r) => Number(r.item.slice(5)) >= 20,
    );
    const seqA = await s.append(simulatedAnnotations(s, weekA, at(11, 3)));
    const snapshot = await t.db.labelSnapshot.create({
      data: {
        projectId: s.project.id,
        upToSeq: seqA[seqA.length - 1],
        rule: 'agreement-rule',
        itemCount: 20,
        counts: {},
        createdAt: at(11, 8),
      },
    });
    const ana = s.readers[0];
    const correction = {
      scanId: s.scans[0],
      authorId: ana.id,
      labels: [weekA[0].label === 'normal' ? 'bleed' : 'normal'],
    };
    const seqB = await s.append([...simulatedAnnotations(s, weekB, at(11, 10)), { ...correction, at: at(11, 11) }]);
    const version = (kind: 'CNN' | 'RESNET' | 'RESNET50', n: number, extra: object) =>
      t.db.modelVersion.create({
        data: {
          projectId: s.project.id,
          kind,
          version: n,
          backend: 'cpu',
          hyperParams: {},
          labelCount: 0,
          state: 'READY',
          ...extra,
        },
      });
    await version('CNN', 1, { labelSnapshotId: snapshot.id, createdAt: at(11, 8, 12) });
    await version('RESNET', 1, { labelSnapshotId: snapshot.id, createdAt: at(11, 8, 13) });
    await version('CNN', 2, { createdAt: at(11, 12) }); // no snapshot: the reads committed before it
    await version('RESNET50', 1, { state: 'FAILED', createdAt: at(11, 12) });
    await s.append([{ scanId: s.scans[1], authorId: ana.id, labels: ['normal'], at: at(11, 17) }]);
    const project = await s.load();

    const overTime = await getAgreementOverTime(t.db, project, options);
    const table = (reads: readonly Read[]) =>
      reads.map((r) => ({
        item: s.scans[Number(r.item.slice(5))],
        reader: s.readers[Number(r.reader.slice(7))].id,
        label: r.label,
      }));
    const correctedA = table(weekA).map((r) =>
      r.item === s.scans[0] && r.reader === ana.id ? { ...r, label: correction.labels[0] } : r,
    );

    expect(overTime.byWeek.map((p) => [p.label, p.kind, p.at])).toEqual([
      ['2026-W45', 'week', at(11, 2, 0).toISOString()],
      ['2026-W46', 'week', at(11, 9, 0).toISOString()],
      ['2026-W47', 'week', at(11, 16, 0).toISOString()],
    ]);
    const [a, b, c] = overTime.byWeek;
    expect(rounded(stats(a))).toEqual(rounded(headline(table(weekA))));
    // Week 46: its own reads, plus Ana's correction of a week-45 read (a read made that week).
    expect(rounded(stats(b))).toEqual(
      rounded(headline([{ item: s.scans[0], reader: ana.id, label: correction.labels[0] }, ...table(weekB)])),
    );
    expect(stats(c)).toMatchObject({ reads: 1, krippendorff_alpha: { ok: false, reason: 'one-reader' } });

    expect(overTime.byModelVersion.map((p) => [p.label, p.upToSeq])).toEqual([
      ['CNN v1, RESNET v1', Number(seqA[seqA.length - 1])],
      ['CNN v2', Number(seqB[seqB.length - 1])],
    ]);
    expect(rounded(stats(overTime.byModelVersion[0]))).toEqual(rounded(headline(table(weekA))));
    expect(rounded(stats(overTime.byModelVersion[1]))).toEqual(rounded(headline([...correctedA, ...table(weekB)])));

    // The dashboard hands in rows and versions it has already loaded: same answer.
    const rows = await listScanAnnotations(t.db, s.scans);
    const versions = (
      await t.db.modelVersion.findMany({ where: { projectId: project.id }, include: { labelSnapshot: true } })
    ).map((v) => ({
      kind: v.kind,
      version: v.version,
      state: v.state,
      createdAt: v.createdAt.toISOString(),
      labelSnapshot: v.labelSnapshot
        ? { upToSeq: Number(v.labelSnapshot.upToSeq), createdAt: v.labelSnapshot.createdAt.toISOString() }
        : null,
    }));
    const handedIn = await getAgreementOverTime(t.db, project, { ...options, rows, versions });
    expect({ ...handedIn, computeMs: 0 }).toEqual({ ...overTime, computeMs: 0 });
  });

  it('labels weeks by ISO 8601, across a year end', () => {
    expect(isoWeekLabel(new Date(Date.UTC(2026, 11, 28)))).toBe('2026-W53');
    expect(isoWeekLabel(new Date(Date.UTC(2027, 0, 4)))).toBe('2027-W01');
    expect(isoWeekLabel(new Date(Date.UTC(2024, 11, 30)))).toBe('2025-W01');
    expect(isoWeekLabel(new Date(Date.UTC(2026, 0, 5)))).toBe('2026-W02');
  });

  it('is empty for a project without reads', async () => {
    const s = await seedProject(t, { readers: ['Ana'], scans: 1 });
    expect(await getAgreementOverTime(t.db, await s.load())).toMatchObject({
      byWeek: [],
      byModelVersion: [],
      upToSeq: 0,
    });
  });
});
