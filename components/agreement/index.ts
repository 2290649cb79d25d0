/** Agreement UI pieces (no data access): the agreement page and the lead's dashboard embed them. */
export { AgreementHeadline } from './agreement-headline';
export { AgreementOverTime } from './agreement-over-time';
export { AgreementTabs } from './agreement-tabs';
export { AdjudicationQueueList, type QueueItemView } from './adjudication-queue-list';
export { EstimateValue } from './estimate-value';
export { ImportedPriors, type ImportedPriorsView } from './imported-priors';
export { classRows, formatEstimate, reasonText, statisticHelp, strengthOf, type ClassRow } from './format';
export { OverTimeChart } from './over-time-chart';
export { OverTimeTable } from './over-time-table';
export { PerClassTable } from './per-class-table';
export type { PeriodView } from './period';
export { ReaderPairTable } from './reader-pair-table';
export { ConsensusConfusions, ReaderAccuracyTable } from './reader-consensus';
export { TrainingRule } from './training-rule';
