import { pgEnum } from 'drizzle-orm/pg-core';
import { incidentStatuses, seriesStates, severities } from '../../lib/alerting/types';

export const severityEnum = pgEnum('severity', severities);
export const seriesStateEnum = pgEnum('series_state', seriesStates);
export const incidentStatusEnum = pgEnum('incident_status', incidentStatuses);
