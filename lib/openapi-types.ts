// Generated from /api/v1/openapi.json (server/openapi.ts) by `npm run openapi:types`: do not edit.
// Use with openapi-fetch: createClient<paths>(...).
export interface paths {
  '/api/v1/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Stored events, newest first */
    get: operations['listEvents'];
    put?: never;
    /** Send events: one event, {events:[...]}, NDJSON, or CloudEvents JSON (application/cloudevents+json, application/cloudevents-batch+json; docs/cloudevents.md); Content-Encoding: gzip accepted; at most 10,000 events and 5 MB, inflated */
    post: operations['ingestEvents'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Log in; sets an HttpOnly session cookie */
    post: operations['logIn'];
    /** Log out */
    delete: operations['logOut'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The metric catalogue */
    get: operations['listMetrics'];
    put?: never;
    /** Define a metric (admin) */
    post: operations['createMetric'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/metrics/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One metric */
    get: operations['getMetric'];
    put?: never;
    post?: never;
    /** Remove a metric (admin); 409 while a ratio, rule or surge rule uses it */
    delete: operations['deleteMetric'];
    options?: never;
    head?: never;
    /** Change a metric (admin); 409 when a rule or surge rule on it could no longer be evaluated */
    patch: operations['updateMetric'];
    trace?: never;
  };
  '/api/v1/metrics/{name}/series': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Points per bucket and group; count metrics give the count per bucket; empty buckets are left out */
    get: operations['getMetricSeries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/metrics/{name}/current': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The rolling value over the last window */
    get: operations['getMetricCurrent'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This document (OpenAPI 3.1) */
    get: operations['getOpenApiDocument'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/rules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** rules */
    get: operations['listRules'];
    put?: never;
    /** Create a rule (admin) */
    post: operations['createRule'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/rules/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One rule */
    get: operations['getRule'];
    put?: never;
    post?: never;
    /** Delete a rule (admin) */
    delete: operations['deleteRule'];
    options?: never;
    head?: never;
    /** Change a rule (admin) */
    patch: operations['updateRule'];
    trace?: never;
  };
  '/api/v1/rules/backtest': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Replay a draft rule over stored history (operator): when it would have fired */
    post: operations['backtestRule'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/incidents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Incidents, newest first */
    get: operations['listIncidents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/incidents/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Time to acknowledge and to resolve (mean, p90) by rule and severity */
    get: operations['getIncidentStats'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/incidents/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One incident with its timeline */
    get: operations['getIncident'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/incidents/{id}/evaluation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The rule evaluated around the incident: its value, threshold and clear lines, the breach */
    get: operations['getIncidentEvaluation'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/incidents/{id}/ack': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Acknowledge (operator); the body and its note are optional */
    post: operations['acknowledgeIncident'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/incidents/{id}/resolve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resolve (operator); the body and its note are optional */
    post: operations['resolveIncident'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/incidents/{id}/comments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Comment (operator) */
    post: operations['commentOnIncident'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/incidents/{id}/assign': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Assign to a user, or unassign with null (operator) */
    post: operations['assignIncident'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/silences': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** silences */
    get: operations['listSilences'];
    put?: never;
    /** Create a silence (operator) */
    post: operations['createSilence'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/silences/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One silence */
    get: operations['getSilence'];
    put?: never;
    post?: never;
    /** Delete a silence (operator) */
    delete: operations['deleteSilence'];
    options?: never;
    head?: never;
    /** Change a silence (operator) */
    patch: operations['updateSilence'];
    trace?: never;
  };
  '/api/v1/maintenance-windows': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** maintenance windows */
    get: operations['listMaintenanceWindows'];
    put?: never;
    /** Create a maintenance window (admin) */
    post: operations['createMaintenanceWindow'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/maintenance-windows/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One maintenance window */
    get: operations['getMaintenanceWindow'];
    put?: never;
    post?: never;
    /** Delete a maintenance window (admin) */
    delete: operations['deleteMaintenanceWindow'];
    options?: never;
    head?: never;
    /** Change a maintenance window (admin) */
    patch: operations['updateMaintenanceWindow'];
    trace?: never;
  };
  '/api/v1/surge-rules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** surge rules */
    get: operations['listSurgeRules'];
    put?: never;
    /** Create a surge rule (admin) */
    post: operations['createSurgeRule'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/surge-rules/backtest': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Replay a draft surge rule over stored demand and supply (operator): when each group would have surged */
    post: operations['backtestSurgeRule'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/surge-rules/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One surge rule */
    get: operations['getSurgeRule'];
    put?: never;
    post?: never;
    /** Delete a surge rule with its history (admin) */
    delete: operations['deleteSurgeRule'];
    options?: never;
    head?: never;
    /** Change a surge rule (admin) */
    patch: operations['updateSurgeRule'];
    trace?: never;
  };
  '/api/v1/surges': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Surge multiplier changes, newest first */
    get: operations['listSurgeChanges'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/surges/current': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The current multiplier of each group of each surge rule */
    get: operations['listCurrentSurges'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sentiment/texts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The latest texts at or below maxScore (default -0.5), newest first */
    get: operations['listNegativeTexts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sentiment/terms': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Terms rising most in negative texts: the last hour against the 24 hours before */
    get: operations['listRisingNegativeTerms'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/reports/incidents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Incidents per day (in tz) and the noisiest rules, over the incidents opened in [from, to) */
    get: operations['getIncidentReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/system/pipeline': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Pipeline health (operators and admins): ingest counters, queues, worker heartbeats, database, deliveries */
    get: operations['getPipelineHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/channels': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Notification channels (secrets masked) */
    get: operations['listChannels'];
    put?: never;
    /** Create a channel (admin); a generated webhook signingSecret is returned once */
    post: operations['createChannel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/channels/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One channel */
    get: operations['getChannel'];
    put?: never;
    post?: never;
    /** Delete a channel and its deliveries (admin) */
    delete: operations['deleteChannel'];
    options?: never;
    head?: never;
    /** Change a channel (admin); omitted or masked secret fields keep their value */
    patch: operations['updateChannel'];
    trace?: never;
  };
  '/api/v1/channels/{id}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Queue a test message (admin) */
    post: operations['testChannel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/notification-policies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Notification policies */
    get: operations['listNotificationPolicies'];
    put?: never;
    /** Create a policy (admin) */
    post: operations['createNotificationPolicy'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/notification-policies/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One policy */
    get: operations['getNotificationPolicy'];
    put?: never;
    post?: never;
    /** Delete a policy (admin); 409 while a rule uses it */
    delete: operations['deleteNotificationPolicy'];
    options?: never;
    head?: never;
    /** Change a policy (admin) */
    patch: operations['updateNotificationPolicy'];
    trace?: never;
  };
  '/api/v1/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The delivery log, newest first, with every attempt (response excerpts for admins only) */
    get: operations['listDeliveries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deliveries/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One delivery */
    get: operations['getDelivery'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/deliveries/{id}/resend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resend a delivery as a new one (operator) */
    post: operations['resendDelivery'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/integrations/pagerduty/{channelId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** PagerDuty V3 webhook (X-PagerDuty-Signature): acknowledges or resolves the incident with that dedup key */
    post: operations['receivePagerDutyWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every user (admin) */
    get: operations['listUsers'];
    put?: never;
    /** Create a user (admin); without a password one is generated and answered once */
    post: operations['createUser'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/assignable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Active operators and admins, whom an incident can be assigned to (operator) */
    get: operations['listAssignableUsers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller */
    get: operations['getCurrentUser'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Set your own preferences: the time zone the console shows times in (IANA or UTC; null: the browser's) */
    patch: operations['updateOwnPreferences'];
    trace?: never;
  };
  '/api/v1/users/me/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Change your own password (session only); other sessions end, personal tokens are revoked */
    post: operations['changeOwnPassword'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One user (admin) */
    get: operations['getUser'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Rename, change role, disable or enable (admin); disabling ends sessions and revokes tokens */
    patch: operations['updateUser'];
    trace?: never;
  };
  '/api/v1/users/{id}/reset-password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Set another user's password (admin; your own is changed under Account: 409); without one it is generated and answered once; sessions end, personal tokens are revoked */
    post: operations['resetUserPassword'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your personal API tokens, masked */
    get: operations['listTokens'];
    put?: never;
    /** Create a personal API token (session only); the token is answered once */
    post: operations['createToken'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tokens/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke one of your tokens */
    delete: operations['revokeToken'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ingest-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Ingest keys, masked (admin) */
    get: operations['listIngestKeys'];
    put?: never;
    /** Create an ingest key (admin); the key is answered once */
    post: operations['createIngestKey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ingest-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an ingest key (admin); producers get 401 within 5 s */
    delete: operations['revokeIngestKey'];
    options?: never;
    head?: never;
    /** Rename, set the rate limit (events/s) or backfill right (admin); applies within 5 s */
    patch: operations['updateIngestKey'];
    trace?: never;
  };
  '/api/v1/sources': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Event sources */
    get: operations['listSources'];
    put?: never;
    /** Add a source (admin) */
    post: operations['createSource'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The audit log, newest first (admin) */
    get: operations['listAuditEntries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/overview-layout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller’s overview layout (their own, else the team default), and the team default */
    get: operations['getOverviewLayout'];
    /** Saves the caller’s own overview layout: KPI tiles and charts in display order */
    put: operations['saveOverviewLayout'];
    post?: never;
    /** Forgets the caller’s own layout: back to the team default */
    delete: operations['resetOverviewLayout'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/overview-layout/team': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Sets the team default overview layout (admins; audited) */
    put: operations['saveTeamOverviewLayout'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The process is up */
    get: operations['getHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Database, Redis and workers reachable; the components and durability only with Bearer PULSEBOARD_METRICS_TOKEN or from loopback */
    get: operations['getReadiness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Channel: {
      id: string;
      name: string;
      /** @enum {string} */
      type: 'slack' | 'pagerduty' | 'webhook' | 'email' | 'teams';
      enabled: boolean;
      config: {
        [key: string]: unknown;
      };
      lastDelivery: {
        /** @enum {string} */
        action: 'trigger' | 'acknowledge' | 'resolve' | 'repeat' | 'escalate' | 'test';
        /** @enum {string} */
        status: 'queued' | 'sending' | 'sent' | 'retrying' | 'failed' | 'dead' | 'held';
        at: string;
        statusCode: number | null;
        responseExcerpt: string | null;
        error: string | null;
      } | null;
      createdAt: string;
      updatedAt: string;
    };
    Delivery: {
      id: string;
      incidentId: string | null;
      incidentTitle: string | null;
      channelId: string;
      channelName: string;
      /** @enum {string} */
      channelType: 'slack' | 'pagerduty' | 'webhook' | 'email' | 'teams';
      /** @enum {string} */
      action: 'trigger' | 'acknowledge' | 'resolve' | 'repeat' | 'escalate' | 'test';
      /** @enum {string} */
      status: 'queued' | 'sending' | 'sent' | 'retrying' | 'failed' | 'dead' | 'held';
      attempts: {
        at: string;
        statusCode: number | null;
        responseExcerpt: string | null;
        error: string | null;
        durationMs: number;
      }[];
      createdAt: string;
      sentAt: string | null;
      nextAttemptAt: string | null;
    };
    /** @description An error: a stable code, a message for people, and the input field at fault when there is one */
    Error: {
      error: {
        code: string;
        message: string;
        field?: string;
      };
    };
    EventInput: {
      id: string;
      type: string;
      ts?: string | number;
      dedupKey?: string;
      source?: string;
      user?: string;
      value?: number;
      text?: string;
      props?: unknown;
    };
    Incident: {
      id: string;
      ruleId: string | null;
      surgeRuleId: string | null;
      ruleName: string;
      title: string;
      /** @enum {string} */
      status: 'triggered' | 'acknowledged' | 'resolved';
      /** @enum {string} */
      severity: 'critical' | 'error' | 'warning' | 'info';
      series: {
        [key: string]: string;
      };
      seriesKey: string;
      labels: {
        [key: string]: string;
      };
      runbookUrl: string | null;
      value: number | null;
      threshold: number | null;
      flapping: boolean;
      openedAt: string;
      acknowledgedAt: string | null;
      acknowledgedBy: {
        id: string;
        email: string;
        name: string;
      } | null;
      resolvedAt: string | null;
      resolvedBy:
        | (
            | {
                id: string;
                email: string;
                name: string;
              }
            | 'auto'
          )
        | null;
      assignee: {
        id: string;
        email: string;
        name: string;
      } | null;
      dedupKey: string;
      reopenedCount: number;
      updatedAt: string;
    };
    IncidentDetail: {
      id: string;
      ruleId: string | null;
      surgeRuleId: string | null;
      ruleName: string;
      title: string;
      /** @enum {string} */
      status: 'triggered' | 'acknowledged' | 'resolved';
      /** @enum {string} */
      severity: 'critical' | 'error' | 'warning' | 'info';
      series: {
        [key: string]: string;
      };
      seriesKey: string;
      labels: {
        [key: string]: string;
      };
      runbookUrl: string | null;
      value: number | null;
      threshold: number | null;
      flapping: boolean;
      openedAt: string;
      acknowledgedAt: string | null;
      acknowledgedBy: {
        id: string;
        email: string;
        name: string;
      } | null;
      resolvedAt: string | null;
      resolvedBy:
        | (
            | {
                id: string;
                email: string;
                name: string;
              }
            | 'auto'
          )
        | null;
      assignee: {
        id: string;
        email: string;
        name: string;
      } | null;
      dedupKey: string;
      reopenedCount: number;
      updatedAt: string;
      timeline: {
        id: number;
        at: string;
        /** @enum {string} */
        kind:
          | 'opened'
          | 'pending'
          | 'firing'
          | 'cleared'
          | 'flapping'
          | 'acknowledged'
          | 'resolved'
          | 'reopened'
          | 'comment'
          | 'assigned'
          | 'notification';
        actor: {
          id: string | null;
          email: string;
        } | null;
        data: {
          [key: string]: unknown;
        };
      }[];
      people: {
        id: string;
        email: string;
        name: string;
      }[];
    };
    IncidentList: {
      incidents: components['schemas']['Incident'][];
      nextCursor: components['schemas']['NextCursor'];
    };
    IngestKey: {
      id: string;
      name: string;
      source: string;
      masked: string;
      canBackfill: boolean;
      rateLimit: number | null;
      revoked: boolean;
      createdAt: string;
      revokedAt: string | null;
    };
    IngestResult: {
      accepted: number;
      rejected: {
        index: number;
        field: string;
        message: string;
      }[];
    };
    MaintenanceWindow: {
      id: string;
      name: string;
      timeZone: string;
      recurrence: {
        days: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[];
        start: string;
        durationMinutes: number;
      } | null;
      startsAt: string | null;
      endsAt: string | null;
      matchers: {
        ruleId?: string;
        labels?: {
          [key: string]: string;
        };
        series?: {
          [key: string]: string;
        };
      };
      enabled: boolean;
      activeNow: boolean;
      createdBy: {
        id: string | null;
        email: string;
      };
      createdAt: string;
      updatedAt: string;
    };
    Metric: {
      name: string;
      description: string;
      eventTypes: string[];
      aggregation: string;
      valueField: string | null;
      dimensions: string[];
      defaultGroupBy: string[];
      unit: string;
      builtIn: boolean;
      demo: boolean;
      ratioOf: {
        numerator: string;
        denominator: string;
        scale: number;
      } | null;
    };
    MetricSeries: {
      name: string;
      step: string;
      series: {
        group: {
          [key: string]: string;
        };
        points: [string, number | null][];
      }[];
    };
    /** @description Pass it back as `cursor` for the next (older) page; null on the last page */
    NextCursor: string | null;
    NotificationPolicy: {
      id: string;
      name: string;
      enabled: boolean;
      match: {
        severities?: ('critical' | 'error' | 'warning' | 'info')[];
        labels?: {
          [key: string]: string;
        };
      };
      steps: {
        afterMinutes: number;
        channelIds: string[];
      }[];
      repeatMinutes: number | null;
      createdAt: string;
      updatedAt: string;
    };
    OverviewLayout: {
      kpis: string[];
      charts: string[];
      /** @enum {string} */
      source: 'user' | 'team' | 'built-in';
      updatedAt: string | null;
      updatedBy: string | null;
      teamDefault: {
        kpis: string[];
        charts: string[];
        /** @enum {string} */
        source: 'user' | 'team' | 'built-in';
        updatedAt: string | null;
        updatedBy: string | null;
      };
    };
    Rule: {
      id: string;
      name: string;
      description: string;
      /** @enum {string} */
      kind: 'threshold' | 'rate_of_change' | 'no_data' | 'anomaly' | 'sentiment';
      metric: string;
      groupBy: string[];
      /** @enum {string} */
      window: '1m' | '5m' | '15m' | '1h';
      params: {
        [key: string]: unknown;
      };
      pendingSeconds: number;
      /** @enum {string} */
      severity: 'critical' | 'error' | 'warning' | 'info';
      labels: {
        [key: string]: string;
      };
      runbookUrl: string | null;
      channelIds: string[];
      policyId: string | null;
      notifyBudgetPerHour: number | null;
      autoResolve: boolean;
      enabled: boolean;
      demo: boolean;
      evaluationFailure: {
        error: string;
        since: string;
        lastAt: string;
      } | null;
      createdAt: string;
      updatedAt: string;
    };
    RuleDetail: {
      id: string;
      name: string;
      description: string;
      /** @enum {string} */
      kind: 'threshold' | 'rate_of_change' | 'no_data' | 'anomaly' | 'sentiment';
      metric: string;
      groupBy: string[];
      /** @enum {string} */
      window: '1m' | '5m' | '15m' | '1h';
      params: {
        [key: string]: unknown;
      };
      pendingSeconds: number;
      /** @enum {string} */
      severity: 'critical' | 'error' | 'warning' | 'info';
      labels: {
        [key: string]: string;
      };
      runbookUrl: string | null;
      channelIds: string[];
      policyId: string | null;
      notifyBudgetPerHour: number | null;
      autoResolve: boolean;
      enabled: boolean;
      demo: boolean;
      evaluationFailure: {
        error: string;
        since: string;
        lastAt: string;
      } | null;
      createdAt: string;
      updatedAt: string;
      series: {
        series: {
          [key: string]: string;
        };
        seriesKey: string;
        /** @enum {string} */
        state: 'ok' | 'pending' | 'firing' | 'flapping';
        since: string;
        lastValue: number | null;
        lastEvalAt: string;
        incidentId: string | null;
        suppressedBy: {
          /** @enum {string} */
          type: 'silence' | 'maintenance_window';
          id: string;
          name: string;
        } | null;
      }[];
    };
    Silence: {
      id: string;
      matchers: {
        ruleId?: string;
        labels?: {
          [key: string]: string;
        };
        series?: {
          [key: string]: string;
        };
      };
      startsAt: string;
      endsAt: string;
      comment: string;
      /** @enum {string} */
      state: 'pending' | 'active' | 'expired';
      createdBy: {
        id: string | null;
        email: string;
      };
      createdAt: string;
      updatedAt: string;
    };
    Source: {
      name: string;
      description: string;
      createdAt: string;
    };
    StoredEvent: {
      id: string;
      type: string;
      ts: string;
      dedupKey?: string;
      user?: string;
      value?: number;
      text?: unknown;
      props?: {
        [key: string]: string | number | boolean;
      };
      source: string;
      receivedAt: string;
      late: boolean;
      sentiment: {
        score: number;
        /** @enum {string} */
        label: 'positive' | 'neutral' | 'negative';
      } | null;
    };
    SurgeRule: {
      id: string;
      name: string;
      demandMetric: string;
      supplyMetric: string;
      groupBy: string[];
      /** @enum {string} */
      window: '1m' | '5m' | '15m';
      tiers: {
        ratio: number;
        multiplier: number;
      }[];
      cap: number | null;
      holdSeconds: number;
      cooldownSeconds: number;
      incidentMultiplier: number | null;
      /** @enum {string} */
      severity: 'critical' | 'error' | 'warning' | 'info';
      enabled: boolean;
      demo: boolean;
      evaluationFailure: {
        error: string;
        since: string;
        lastAt: string;
      } | null;
      createdAt: string;
      updatedAt: string;
    };
    Token: {
      id: string;
      name: string;
      masked: string;
      /** @enum {string} */
      status: 'active' | 'expired' | 'revoked';
      createdAt: string;
      lastUsedAt: string | null;
      expiresAt: string | null;
      revokedAt: string | null;
    };
    User: {
      id: string;
      email: string;
      name: string;
      /** @enum {string} */
      role: 'viewer' | 'operator' | 'admin';
      timeZone: string | null;
      disabled: boolean;
      disabledAt: string | null;
      createdAt: string;
      activeSessions: number;
    };
  };
  responses: {
    /** @description The request is malformed or a value is invalid (`field` names it) */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description No valid session, token or key */
    Unauthorized: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The role does not allow it, or a cookie request came from another origin */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description No such resource */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The change conflicts with the current state */
    Conflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description More than 10,000 events or 5 MB */
    PayloadTooLarge: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Not application/json or application/x-ndjson */
    UnsupportedMediaType: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Throttled: try again after Retry-After */
    TooManyRequests: {
      headers: {
        'Retry-After': components['headers']['RetryAfter'];
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description A dependency is down: try again after Retry-After */
    ServiceUnavailable: {
      headers: {
        'Retry-After': components['headers']['RetryAfter'];
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: never;
  requestBodies: never;
  headers: {
    /** @description Seconds to wait before trying again */
    RetryAfter: number;
  };
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  listEvents: {
    parameters: {
      query?: {
        type?: string;
        source?: string;
        from?: string;
        to?: string;
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            events: components['schemas']['StoredEvent'][];
            nextCursor: components['schemas']['NextCursor'];
          };
        };
      };
      400: components['responses']['BadRequest'];
    };
  };
  ingestEvents: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json':
          | components['schemas']['EventInput']
          | {
              events: components['schemas']['EventInput'][];
            }
          | components['schemas']['EventInput'][];
        'application/x-ndjson': string;
      };
    };
    responses: {
      /** @description Accepted */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IngestResult'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      413: components['responses']['PayloadTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      503: components['responses']['ServiceUnavailable'];
    };
  };
  logIn: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          email: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            user: {
              id: string;
              email: string;
              name: string;
              role: string;
            };
          };
        };
      };
      401: components['responses']['Unauthorized'];
      429: components['responses']['TooManyRequests'];
    };
  };
  logOut: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  listMetrics: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            metrics: components['schemas']['Metric'][];
          };
        };
      };
    };
  };
  createMetric: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          /** @default  */
          description?: string;
          /** @default [] */
          eventTypes?: string[];
          /**
           * @default count
           * @enum {string}
           */
          aggregation?:
            | 'count'
            | 'rate'
            | 'sum'
            | 'avg'
            | 'min'
            | 'max'
            | 'p50'
            | 'p90'
            | 'p95'
            | 'p99'
            | 'distinct'
            | 'topk';
          /** @default null */
          valueField?: string | null;
          /** @default [] */
          dimensions?: string[];
          /** @default [] */
          defaultGroupBy?: string[];
          /** @default  */
          unit?: string;
          /** @default null */
          ratioOf?: {
            numerator: string;
            denominator: string;
            /** @default 1 */
            scale?: number;
          } | null;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Metric'];
        };
      };
      400: components['responses']['BadRequest'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
    };
  };
  getMetric: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Metric'];
        };
      };
      404: components['responses']['NotFound'];
    };
  };
  deleteMetric: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
    };
  };
  updateMetric: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          description?: string;
          eventTypes?: string[];
          /** @enum {string} */
          aggregation?:
            | 'count'
            | 'rate'
            | 'sum'
            | 'avg'
            | 'min'
            | 'max'
            | 'p50'
            | 'p90'
            | 'p95'
            | 'p99'
            | 'distinct'
            | 'topk';
          valueField?: string | null;
          dimensions?: string[];
          defaultGroupBy?: string[];
          unit?: string;
          ratioOf?: {
            numerator: string;
            denominator: string;
            /** @default 1 */
            scale?: number;
          } | null;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Metric'];
        };
      };
      400: components['responses']['BadRequest'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
    };
  };
  getMetricSeries: {
    parameters: {
      query: {
        from: string;
        to: string;
        step?: '1s' | '10s' | '1m' | '5m' | '1h' | '1d';
        group?: string;
        window?: '1m' | '5m' | '15m' | '1h';
        where?: string;
      };
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MetricSeries'];
        };
      };
      400: components['responses']['BadRequest'];
      404: components['responses']['NotFound'];
    };
  };
  getMetricCurrent: {
    parameters: {
      query?: {
        window?: '1m' | '5m' | '15m' | '1h';
        group?: string;
      };
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            window: string;
            value: number | null;
            series: {
              group: {
                [key: string]: string;
              };
              value: number | null;
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      404: components['responses']['NotFound'];
    };
  };
  getOpenApiDocument: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
    };
  };
  listRules: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            rules: components['schemas']['Rule'][];
          };
        };
      };
      400: components['responses']['BadRequest'];
    };
  };
  createRule: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json':
          | {
              name: string;
              /** @default  */
              description?: string;
              metric: string;
              /** @default [] */
              groupBy?: string[];
              /**
               * @default 5m
               * @enum {string}
               */
              window?: '1m' | '5m' | '15m' | '1h';
              /** @default 0 */
              pendingSeconds?: number;
              /**
               * @default warning
               * @enum {string}
               */
              severity?: 'critical' | 'error' | 'warning' | 'info';
              /** @default {} */
              labels?: {
                [key: string]: string;
              };
              /** @default null */
              runbookUrl?: string | null;
              /** @default [] */
              channelIds?: string[];
              /** @default null */
              policyId?: string | null;
              /** @default null */
              notifyBudgetPerHour?: number | null;
              /** @default true */
              autoResolve?: boolean;
              /** @default true */
              enabled?: boolean;
              /** @constant */
              kind: 'threshold';
              params: {
                /** @enum {string} */
                op: '>' | '>=' | '<' | '<=';
                value: number;
                clearValue?: number;
                minCount?: number;
              };
            }
          | {
              name: string;
              /** @default  */
              description?: string;
              metric: string;
              /** @default [] */
              groupBy?: string[];
              /**
               * @default 5m
               * @enum {string}
               */
              window?: '1m' | '5m' | '15m' | '1h';
              /** @default 0 */
              pendingSeconds?: number;
              /**
               * @default warning
               * @enum {string}
               */
              severity?: 'critical' | 'error' | 'warning' | 'info';
              /** @default {} */
              labels?: {
                [key: string]: string;
              };
              /** @default null */
              runbookUrl?: string | null;
              /** @default [] */
              channelIds?: string[];
              /** @default null */
              policyId?: string | null;
              /** @default null */
              notifyBudgetPerHour?: number | null;
              /** @default true */
              autoResolve?: boolean;
              /** @default true */
              enabled?: boolean;
              /** @constant */
              kind: 'rate_of_change';
              params: {
                /** @enum {string} */
                compare: 'previous_window' | 'same_time_yesterday';
                /** @enum {string} */
                op: '>' | '>=' | '<' | '<=';
                percent: number;
                clearPercent?: number;
              };
            }
          | {
              name: string;
              /** @default  */
              description?: string;
              metric: string;
              /** @default [] */
              groupBy?: string[];
              /**
               * @default 5m
               * @enum {string}
               */
              window?: '1m' | '5m' | '15m' | '1h';
              /** @default 0 */
              pendingSeconds?: number;
              /**
               * @default warning
               * @enum {string}
               */
              severity?: 'critical' | 'error' | 'warning' | 'info';
              /** @default {} */
              labels?: {
                [key: string]: string;
              };
              /** @default null */
              runbookUrl?: string | null;
              /** @default [] */
              channelIds?: string[];
              /** @default null */
              policyId?: string | null;
              /** @default null */
              notifyBudgetPerHour?: number | null;
              /** @default true */
              autoResolve?: boolean;
              /** @default true */
              enabled?: boolean;
              /** @constant */
              kind: 'no_data';
              params: {
                eventType?: string;
                for: number;
              };
            }
          | {
              name: string;
              /** @default  */
              description?: string;
              metric: string;
              /** @default [] */
              groupBy?: string[];
              /**
               * @default 5m
               * @enum {string}
               */
              window?: '1m' | '5m' | '15m' | '1h';
              /** @default 0 */
              pendingSeconds?: number;
              /**
               * @default warning
               * @enum {string}
               */
              severity?: 'critical' | 'error' | 'warning' | 'info';
              /** @default {} */
              labels?: {
                [key: string]: string;
              };
              /** @default null */
              runbookUrl?: string | null;
              /** @default [] */
              channelIds?: string[];
              /** @default null */
              policyId?: string | null;
              /** @default null */
              notifyBudgetPerHour?: number | null;
              /** @default true */
              autoResolve?: boolean;
              /** @default true */
              enabled?: boolean;
              /** @constant */
              kind: 'anomaly';
              params: {
                /**
                 * @default medium
                 * @enum {string}
                 */
                sensitivity?: 'low' | 'medium' | 'high';
                /**
                 * @default daily
                 * @enum {string}
                 */
                seasonality?: 'daily' | 'weekly' | 'none';
                /**
                 * @default both
                 * @enum {string}
                 */
                direction?: 'both' | 'up' | 'down';
                lookback?: number;
                /** @default 0 */
                minDeviation?: number;
              };
            }
          | {
              name: string;
              /** @default  */
              description?: string;
              metric: string;
              /** @default [] */
              groupBy?: string[];
              /**
               * @default 5m
               * @enum {string}
               */
              window?: '1m' | '5m' | '15m' | '1h';
              /** @default 0 */
              pendingSeconds?: number;
              /**
               * @default warning
               * @enum {string}
               */
              severity?: 'critical' | 'error' | 'warning' | 'info';
              /** @default {} */
              labels?: {
                [key: string]: string;
              };
              /** @default null */
              runbookUrl?: string | null;
              /** @default [] */
              channelIds?: string[];
              /** @default null */
              policyId?: string | null;
              /** @default null */
              notifyBudgetPerHour?: number | null;
              /** @default true */
              autoResolve?: boolean;
              /** @default true */
              enabled?: boolean;
              /** @constant */
              kind: 'sentiment';
              params: {
                /** @enum {string} */
                measure: 'negative_share' | 'average_score';
                /** @enum {string} */
                op: '>' | '>=' | '<' | '<=';
                value: number;
                clearValue?: number;
                /** @default 5 */
                minTexts?: number;
                windowMinutes?: number;
              };
            };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Rule'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  getRule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RuleDetail'];
        };
      };
      404: components['responses']['NotFound'];
    };
  };
  deleteRule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  updateRule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name?: string;
          description?: string;
          metric?: string;
          groupBy?: string[];
          /** @enum {string} */
          window?: '1m' | '5m' | '15m' | '1h';
          pendingSeconds?: number;
          /** @enum {string} */
          severity?: 'critical' | 'error' | 'warning' | 'info';
          labels?: {
            [key: string]: string;
          };
          runbookUrl?: string | null;
          channelIds?: string[];
          policyId?: string | null;
          notifyBudgetPerHour?: number | null;
          autoResolve?: boolean;
          enabled?: boolean;
          /** @enum {string} */
          kind?: 'threshold' | 'rate_of_change' | 'no_data' | 'anomaly' | 'sentiment';
          params?: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Rule'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  backtestRule: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          rule:
            | {
                name: string;
                /** @default  */
                description?: string;
                metric: string;
                /** @default [] */
                groupBy?: string[];
                /**
                 * @default 5m
                 * @enum {string}
                 */
                window?: '1m' | '5m' | '15m' | '1h';
                /** @default 0 */
                pendingSeconds?: number;
                /**
                 * @default warning
                 * @enum {string}
                 */
                severity?: 'critical' | 'error' | 'warning' | 'info';
                /** @default {} */
                labels?: {
                  [key: string]: string;
                };
                /** @default null */
                runbookUrl?: string | null;
                /** @default [] */
                channelIds?: string[];
                /** @default null */
                policyId?: string | null;
                /** @default null */
                notifyBudgetPerHour?: number | null;
                /** @default true */
                autoResolve?: boolean;
                /** @default true */
                enabled?: boolean;
                /** @constant */
                kind: 'threshold';
                params: {
                  /** @enum {string} */
                  op: '>' | '>=' | '<' | '<=';
                  value: number;
                  clearValue?: number;
                  minCount?: number;
                };
              }
            | {
                name: string;
                /** @default  */
                description?: string;
                metric: string;
                /** @default [] */
                groupBy?: string[];
                /**
                 * @default 5m
                 * @enum {string}
                 */
                window?: '1m' | '5m' | '15m' | '1h';
                /** @default 0 */
                pendingSeconds?: number;
                /**
                 * @default warning
                 * @enum {string}
                 */
                severity?: 'critical' | 'error' | 'warning' | 'info';
                /** @default {} */
                labels?: {
                  [key: string]: string;
                };
                /** @default null */
                runbookUrl?: string | null;
                /** @default [] */
                channelIds?: string[];
                /** @default null */
                policyId?: string | null;
                /** @default null */
                notifyBudgetPerHour?: number | null;
                /** @default true */
                autoResolve?: boolean;
                /** @default true */
                enabled?: boolean;
                /** @constant */
                kind: 'rate_of_change';
                params: {
                  /** @enum {string} */
                  compare: 'previous_window' | 'same_time_yesterday';
                  /** @enum {string} */
                  op: '>' | '>=' | '<' | '<=';
                  percent: number;
                  clearPercent?: number;
                };
              }
            | {
                name: string;
                /** @default  */
                description?: string;
                metric: string;
                /** @default [] */
                groupBy?: string[];
                /**
                 * @default 5m
                 * @enum {string}
                 */
                window?: '1m' | '5m' | '15m' | '1h';
                /** @default 0 */
                pendingSeconds?: number;
                /**
                 * @default warning
                 * @enum {string}
                 */
                severity?: 'critical' | 'error' | 'warning' | 'info';
                /** @default {} */
                labels?: {
                  [key: string]: string;
                };
                /** @default null */
                runbookUrl?: string | null;
                /** @default [] */
                channelIds?: string[];
                /** @default null */
                policyId?: string | null;
                /** @default null */
                notifyBudgetPerHour?: number | null;
                /** @default true */
                autoResolve?: boolean;
                /** @default true */
                enabled?: boolean;
                /** @constant */
                kind: 'no_data';
                params: {
                  eventType?: string;
                  for: number;
                };
              }
            | {
                name: string;
                /** @default  */
                description?: string;
                metric: string;
                /** @default [] */
                groupBy?: string[];
                /**
                 * @default 5m
                 * @enum {string}
                 */
                window?: '1m' | '5m' | '15m' | '1h';
                /** @default 0 */
                pendingSeconds?: number;
                /**
                 * @default warning
                 * @enum {string}
                 */
                severity?: 'critical' | 'error' | 'warning' | 'info';
                /** @default {} */
                labels?: {
                  [key: string]: string;
                };
                /** @default null */
                runbookUrl?: string | null;
                /** @default [] */
                channelIds?: string[];
                /** @default null */
                policyId?: string | null;
                /** @default null */
                notifyBudgetPerHour?: number | null;
                /** @default true */
                autoResolve?: boolean;
                /** @default true */
                enabled?: boolean;
                /** @constant */
                kind: 'anomaly';
                params: {
                  /**
                   * @default medium
                   * @enum {string}
                   */
                  sensitivity?: 'low' | 'medium' | 'high';
                  /**
                   * @default daily
                   * @enum {string}
                   */
                  seasonality?: 'daily' | 'weekly' | 'none';
                  /**
                   * @default both
                   * @enum {string}
                   */
                  direction?: 'both' | 'up' | 'down';
                  lookback?: number;
                  /** @default 0 */
                  minDeviation?: number;
                };
              }
            | {
                name: string;
                /** @default  */
                description?: string;
                metric: string;
                /** @default [] */
                groupBy?: string[];
                /**
                 * @default 5m
                 * @enum {string}
                 */
                window?: '1m' | '5m' | '15m' | '1h';
                /** @default 0 */
                pendingSeconds?: number;
                /**
                 * @default warning
                 * @enum {string}
                 */
                severity?: 'critical' | 'error' | 'warning' | 'info';
                /** @default {} */
                labels?: {
                  [key: string]: string;
                };
                /** @default null */
                runbookUrl?: string | null;
                /** @default [] */
                channelIds?: string[];
                /** @default null */
                policyId?: string | null;
                /** @default null */
                notifyBudgetPerHour?: number | null;
                /** @default true */
                autoResolve?: boolean;
                /** @default true */
                enabled?: boolean;
                /** @constant */
                kind: 'sentiment';
                params: {
                  /** @enum {string} */
                  measure: 'negative_share' | 'average_score';
                  /** @enum {string} */
                  op: '>' | '>=' | '<' | '<=';
                  value: number;
                  clearValue?: number;
                  /** @default 5 */
                  minTexts?: number;
                  windowMinutes?: number;
                };
              };
          /** Format: date-time */
          from: string;
          /** Format: date-time */
          to: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            transitions: {
              ts: string;
              series: {
                [key: string]: string;
              };
              /** @enum {string} */
              from: 'ok' | 'pending' | 'firing' | 'flapping';
              /** @enum {string} */
              to: 'ok' | 'pending' | 'firing' | 'flapping';
              value: number | null;
            }[];
            incidents: {
              series: {
                [key: string]: string;
              };
              openedAt: string;
              resolvedAt: string | null;
              reopenedCount: number;
              flapping: boolean;
            }[];
            evaluations: number;
            stepSeconds: number;
            /** @enum {string} */
            resolution: 'second' | 'minute' | 'hour';
            evaluated: {
              from: string;
              to: string;
            } | null;
            chunks: {
              from: string;
              to: string;
              evaluations: number;
            }[];
            notes: string[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  listIncidents: {
    parameters: {
      query?: {
        status?: 'triggered' | 'acknowledged' | 'resolved' | 'open';
        severity?: 'critical' | 'error' | 'warning' | 'info';
        rule?: string;
        surgeRule?: string;
        metric?: string;
        assignee?: string | 'none';
        from?: string;
        to?: string;
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IncidentList'];
        };
      };
      400: components['responses']['BadRequest'];
    };
  };
  getIncidentStats: {
    parameters: {
      query: {
        from: string;
        to: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            from: string;
            to: string;
            overall: {
              incidents: number;
              timeToAcknowledge: {
                count: number;
                meanSeconds: number | null;
                p90Seconds: number | null;
              };
              timeToResolve: {
                count: number;
                meanSeconds: number | null;
                p90Seconds: number | null;
              };
            };
            byRule: {
              incidents: number;
              timeToAcknowledge: {
                count: number;
                meanSeconds: number | null;
                p90Seconds: number | null;
              };
              timeToResolve: {
                count: number;
                meanSeconds: number | null;
                p90Seconds: number | null;
              };
              ruleId: string | null;
              surgeRuleId: string | null;
              ruleName: string;
            }[];
            bySeverity: {
              incidents: number;
              timeToAcknowledge: {
                count: number;
                meanSeconds: number | null;
                p90Seconds: number | null;
              };
              timeToResolve: {
                count: number;
                meanSeconds: number | null;
                p90Seconds: number | null;
              };
              /** @enum {string} */
              severity: 'critical' | 'error' | 'warning' | 'info';
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
    };
  };
  getIncident: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IncidentDetail'];
        };
      };
      404: components['responses']['NotFound'];
    };
  };
  getIncidentEvaluation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            incidentId: string;
            rule: {
              id: string;
              name: string;
              kind: string;
              /** @enum {string} */
              window: '1m' | '5m' | '15m' | '1h';
              groupBy: string[];
              pendingSeconds: number;
              op: ('>' | '>=' | '<' | '<=') | null;
              changedSinceOpened: boolean;
            };
            metric: {
              name: string;
              /** @enum {string} */
              aggregation:
                | 'count'
                | 'rate'
                | 'sum'
                | 'avg'
                | 'min'
                | 'max'
                | 'p50'
                | 'p90'
                | 'p95'
                | 'p99'
                | 'distinct'
                | 'topk';
              valueField: string | null;
              unit: string;
              ratio: boolean;
            };
            series: {
              [key: string]: string;
            };
            unit: string;
            from: string;
            to: string;
            stepSeconds: number;
            points: {
              ts: string;
              value: number | null;
              threshold: number | null;
              clear: number | null;
              breaching: boolean;
            }[];
            breach: {
              ts: string;
              value: number | null;
              threshold: number | null;
              clear: number | null;
              breaching: boolean;
            } | null;
          };
        };
      };
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
    };
  };
  acknowledgeIncident: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          note?: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Incident'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
    };
  };
  resolveIncident: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          note?: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Incident'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
    };
  };
  commentOnIncident: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          text: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Incident'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
    };
  };
  assignIncident: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          userId: string | null;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Incident'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
    };
  };
  listSilences: {
    parameters: {
      query?: {
        state?: 'pending' | 'active' | 'expired';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            silences: components['schemas']['Silence'][];
          };
        };
      };
      400: components['responses']['BadRequest'];
    };
  };
  createSilence: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          matchers: {
            /** Format: uuid */
            ruleId?: string;
            labels?: {
              [key: string]: string;
            };
            series?: {
              [key: string]: string;
            };
          };
          /** Format: date-time */
          startsAt?: string;
          /** Format: date-time */
          endsAt: string;
          comment: string;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Silence'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  getSilence: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Silence'];
        };
      };
      404: components['responses']['NotFound'];
    };
  };
  deleteSilence: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  updateSilence: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          matchers?: {
            /** Format: uuid */
            ruleId?: string;
            labels?: {
              [key: string]: string;
            };
            series?: {
              [key: string]: string;
            };
          };
          /** Format: date-time */
          startsAt?: string;
          /** Format: date-time */
          endsAt?: string;
          comment?: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Silence'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  listMaintenanceWindows: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            maintenanceWindows: components['schemas']['MaintenanceWindow'][];
          };
        };
      };
      400: components['responses']['BadRequest'];
    };
  };
  createMaintenanceWindow: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          /** @default UTC */
          timeZone?: string;
          /** @default null */
          recurrence?: {
            days: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[];
            start: string;
            durationMinutes: number;
          } | null;
          /** @default null */
          startsAt?: string | null;
          /** @default null */
          endsAt?: string | null;
          /** @default {} */
          matchers?: {
            /** Format: uuid */
            ruleId?: string;
            labels?: {
              [key: string]: string;
            };
            series?: {
              [key: string]: string;
            };
          };
          /** @default true */
          enabled?: boolean;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MaintenanceWindow'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  getMaintenanceWindow: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MaintenanceWindow'];
        };
      };
      404: components['responses']['NotFound'];
    };
  };
  deleteMaintenanceWindow: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  updateMaintenanceWindow: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name?: string;
          timeZone?: string;
          recurrence?: {
            days: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[];
            start: string;
            durationMinutes: number;
          } | null;
          startsAt?: string | null;
          endsAt?: string | null;
          matchers?: {
            /** Format: uuid */
            ruleId?: string;
            labels?: {
              [key: string]: string;
            };
            series?: {
              [key: string]: string;
            };
          };
          enabled?: boolean;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MaintenanceWindow'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  listSurgeRules: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            surgeRules: components['schemas']['SurgeRule'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  createSurgeRule: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          demandMetric: string;
          supplyMetric: string;
          /** @default [] */
          groupBy?: string[];
          /**
           * @default 5m
           * @enum {string}
           */
          window?: '1m' | '5m' | '15m';
          tiers: {
            ratio: number;
            multiplier: number;
          }[];
          /** @default null */
          cap?: number | null;
          /** @default 0 */
          holdSeconds?: number;
          /** @default 0 */
          cooldownSeconds?: number;
          /** @default null */
          incidentMultiplier?: number | null;
          /**
           * @default warning
           * @enum {string}
           */
          severity?: 'critical' | 'error' | 'warning' | 'info';
          /** @default true */
          enabled?: boolean;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SurgeRule'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  backtestSurgeRule: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          rule: {
            name: string;
            demandMetric: string;
            supplyMetric: string;
            /** @default [] */
            groupBy?: string[];
            /**
             * @default 5m
             * @enum {string}
             */
            window?: '1m' | '5m' | '15m';
            tiers: {
              ratio: number;
              multiplier: number;
            }[];
            /** @default null */
            cap?: number | null;
            /** @default 0 */
            holdSeconds?: number;
            /** @default 0 */
            cooldownSeconds?: number;
            /** @default null */
            incidentMultiplier?: number | null;
            /**
             * @default warning
             * @enum {string}
             */
            severity?: 'critical' | 'error' | 'warning' | 'info';
            /** @default true */
            enabled?: boolean;
          };
          /** Format: date-time */
          from: string;
          /** Format: date-time */
          to: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            changes: {
              ts: string;
              group: {
                [key: string]: string;
              };
              ratio: number | null;
              multiplier: number;
              previous: number;
            }[];
            surges: {
              group: {
                [key: string]: string;
              };
              startedAt: string;
              endedAt: string | null;
              peakMultiplier: number;
              peakRatio: number | null;
              incident: boolean;
            }[];
            evaluations: number;
            stepSeconds: number;
            /** @enum {string} */
            resolution: 'second' | 'minute';
            evaluated: {
              from: string;
              to: string;
            };
            notes: string[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  getSurgeRule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SurgeRule'];
        };
      };
      404: components['responses']['NotFound'];
    };
  };
  deleteSurgeRule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  updateSurgeRule: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name?: string;
          demandMetric?: string;
          supplyMetric?: string;
          groupBy?: string[];
          /** @enum {string} */
          window?: '1m' | '5m' | '15m';
          tiers?: {
            ratio: number;
            multiplier: number;
          }[];
          cap?: number | null;
          holdSeconds?: number;
          cooldownSeconds?: number;
          incidentMultiplier?: number | null;
          /** @enum {string} */
          severity?: 'critical' | 'error' | 'warning' | 'info';
          enabled?: boolean;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SurgeRule'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  listSurgeChanges: {
    parameters: {
      query?: {
        rule?: string;
        from?: string;
        to?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            surges: {
              rule: string;
              ruleName: string;
              group: {
                [key: string]: string;
              };
              ts: string;
              ratio: number | null;
              multiplier: number;
              previous: number;
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  listCurrentSurges: {
    parameters: {
      query?: {
        rule?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            surges: {
              rule: string;
              ruleName: string;
              group: {
                [key: string]: string;
              };
              multiplier: number;
              ratio: number | null;
              since: string;
              lastChangeAt: string | null;
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  listNegativeTexts: {
    parameters: {
      query?: {
        source?: string;
        type?: string;
        topic?: string;
        maxScore?: number;
        hours?: number;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            texts: {
              id: string;
              source: string;
              type: string;
              topic: string;
              ts: string;
              score: number;
              text: string;
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  listRisingNegativeTerms: {
    parameters: {
      query?: {
        source?: string;
        type?: string;
        topic?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            recent: {
              from: string;
              to: string;
              texts: number;
            };
            previous: {
              from: string;
              to: string;
              texts: number;
            };
            terms: {
              term: string;
              recentCount: number;
              recentShare: number;
              previousShare: number;
              rise: number;
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  getIncidentReport: {
    parameters: {
      query: {
        from: string;
        to: string;
        tz?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            from: string;
            to: string;
            tz: string;
            total: number;
            perDay: {
              day: string;
              incidents: number;
              bySeverity: {
                [key: string]: number;
              };
            }[];
            mostIncidents: {
              ruleId: string | null;
              surgeRuleId: string | null;
              ruleName: string;
              incidents: number;
              reopenings: number;
            }[];
            mostReopened: {
              ruleId: string | null;
              surgeRuleId: string | null;
              ruleName: string;
              incidents: number;
              reopenings: number;
            }[];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  getPipelineHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            at: string;
            web: {
              startedAt: string;
              accepted: number;
              rejected: number;
              requests: {
                [key: string]: number;
              };
            };
            recent: {
              windowSeconds: number;
              accepted: number;
              processed: number;
              stored: number;
              duplicates: number;
              late: number;
            };
            queues: {
              name: string;
              waiting: number;
              active: number;
              delayed: number;
              failed: number;
              oldestWaitingMs: number | null;
            }[];
            workers: {
              id: string;
              lastBeatMs: number;
            }[];
            database: {
              commitMs: number | null;
              newestPointMs: number | null;
            };
            notifications: {
              failedLastHour: number;
              deadLastHour: number;
              pending: number;
            };
            redis: {
              ok: boolean;
              error?: string;
            };
            failingChannels: {
              id: string;
              name: string;
              /** @enum {string} */
              status: 'failed' | 'dead';
              at: string;
              statusCode: number | null;
              error: string | null;
            }[];
            failingRules: {
              /** @enum {string} */
              kind: 'rule' | 'surge';
              id: string;
              name: string;
              error: string;
              since: string;
            }[];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  listChannels: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            channels: components['schemas']['Channel'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  createChannel: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json':
          | {
              name: string;
              /** @constant */
              type: 'slack';
              /** @default true */
              enabled?: boolean;
              config: {
                /** Format: uri */
                webhookUrl: string;
              };
            }
          | {
              name: string;
              /** @constant */
              type: 'teams';
              /** @default true */
              enabled?: boolean;
              config: {
                /** Format: uri */
                webhookUrl: string;
              };
            }
          | {
              name: string;
              /** @constant */
              type: 'pagerduty';
              /** @default true */
              enabled?: boolean;
              config: {
                routingKey: string;
                webhookSecret?: string;
              };
            }
          | {
              name: string;
              /** @constant */
              type: 'webhook';
              /** @default true */
              enabled?: boolean;
              config: {
                /** Format: uri */
                url: string;
                signingSecret?: string;
              };
            }
          | {
              name: string;
              /** @constant */
              type: 'email';
              /** @default true */
              enabled?: boolean;
              config: {
                /** Format: uri */
                smtpUrl: string;
                /** Format: email */
                from: string;
                to: string[];
              };
            };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            name: string;
            /** @enum {string} */
            type: 'slack' | 'pagerduty' | 'webhook' | 'email' | 'teams';
            enabled: boolean;
            config: {
              [key: string]: unknown;
            };
            lastDelivery: {
              /** @enum {string} */
              action: 'trigger' | 'acknowledge' | 'resolve' | 'repeat' | 'escalate' | 'test';
              /** @enum {string} */
              status: 'queued' | 'sending' | 'sent' | 'retrying' | 'failed' | 'dead' | 'held';
              at: string;
              statusCode: number | null;
              responseExcerpt: string | null;
              error: string | null;
            } | null;
            createdAt: string;
            updatedAt: string;
            signingSecret?: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  getChannel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Channel'];
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  deleteChannel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  updateChannel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name?: string;
          enabled?: boolean;
          config?: {
            [key: string]: unknown;
          };
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Channel'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  testChannel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            delivery: components['schemas']['Delivery'];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  listNotificationPolicies: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            policies: components['schemas']['NotificationPolicy'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  createNotificationPolicy: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          /** @default true */
          enabled?: boolean;
          /** @default {} */
          match?: {
            severities?: ('critical' | 'error' | 'warning' | 'info')[];
            labels?: {
              [key: string]: string;
            };
          };
          steps: {
            afterMinutes: number;
            channelIds: string[];
          }[];
          /** @default null */
          repeatMinutes?: number | null;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotificationPolicy'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  getNotificationPolicy: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotificationPolicy'];
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  deleteNotificationPolicy: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
    };
  };
  updateNotificationPolicy: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name?: string;
          enabled?: boolean;
          match?: {
            severities?: ('critical' | 'error' | 'warning' | 'info')[];
            labels?: {
              [key: string]: string;
            };
          };
          steps?: {
            afterMinutes: number;
            channelIds: string[];
          }[];
          repeatMinutes?: number | null;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['NotificationPolicy'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  listDeliveries: {
    parameters: {
      query?: {
        incidentId?: string;
        channelId?: string;
        status?: 'queued' | 'sending' | 'sent' | 'retrying' | 'failed' | 'dead' | 'held';
        limit?: number;
        before?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            deliveries: components['schemas']['Delivery'][];
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  getDelivery: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Delivery'];
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  resendDelivery: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            delivery: components['schemas']['Delivery'];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  receivePagerDutyWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        channelId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            handled: 'acknowledged' | 'resolved' | 'ignored';
            incidentId: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
    };
  };
  listUsers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            users: components['schemas']['User'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  createUser: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          email: string;
          /** @default  */
          name?: string;
          /**
           * @default viewer
           * @enum {string}
           */
          role?: 'viewer' | 'operator' | 'admin';
          password?: string;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            user: components['schemas']['User'];
            password: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
    };
  };
  listAssignableUsers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            users: {
              id: string;
              email: string;
              name: string;
              /** @enum {string} */
              role: 'viewer' | 'operator' | 'admin';
            }[];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  getCurrentUser: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['User'];
        };
      };
      401: components['responses']['Unauthorized'];
    };
  };
  updateOwnPreferences: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          timeZone: string | null;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['User'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
    };
  };
  changeOwnPassword: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          currentPassword: string;
          newPassword: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            revokedSessions: number;
            revokedTokens: number;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
    };
  };
  getUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['User'];
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  updateUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name?: string;
          /** @enum {string} */
          role?: 'viewer' | 'operator' | 'admin';
          disabled?: boolean;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['User'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
    };
  };
  resetUserPassword: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          password?: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            password: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
    };
  };
  listTokens: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            tokens: components['schemas']['Token'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
    };
  };
  createToken: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          expiresAt?: string | null;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            name: string;
            masked: string;
            /** @enum {string} */
            status: 'active' | 'expired' | 'revoked';
            createdAt: string;
            lastUsedAt: string | null;
            expiresAt: string | null;
            revokedAt: string | null;
            token: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  revokeToken: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['Unauthorized'];
      404: components['responses']['NotFound'];
    };
  };
  listIngestKeys: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            ingestKeys: components['schemas']['IngestKey'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  createIngestKey: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          source: string;
          /** @default null */
          rateLimit?: number | null;
          /** @default false */
          canBackfill?: boolean;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            name: string;
            source: string;
            masked: string;
            canBackfill: boolean;
            rateLimit: number | null;
            revoked: boolean;
            createdAt: string;
            revokedAt: string | null;
            key: string;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  revokeIngestKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description No content */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
    };
  };
  updateIngestKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name?: string;
          rateLimit?: number | null;
          canBackfill?: boolean;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IngestKey'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
    };
  };
  listSources: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            sources: components['schemas']['Source'][];
          };
        };
      };
      401: components['responses']['Unauthorized'];
    };
  };
  createSource: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name: string;
          /** @default  */
          description?: string;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Source'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      409: components['responses']['Conflict'];
    };
  };
  listAuditEntries: {
    parameters: {
      query?: {
        actor?: string;
        action?: string;
        target?: string;
        before?: string;
        limit?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            entries: {
              id: string;
              at: string;
              actorId: string | null;
              actorEmail: string;
              action: string;
              targetType: string;
              targetId: string;
              changes: {
                [key: string]: unknown;
              };
            }[];
            nextBefore: string | null;
          };
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  getOverviewLayout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OverviewLayout'];
        };
      };
      401: components['responses']['Unauthorized'];
    };
  };
  saveOverviewLayout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          kpis: (
            | (
                | 'events-per-second'
                | 'purchases-per-minute'
                | 'revenue-per-minute'
                | 'errors-per-second'
                | 'latency-p95'
                | 'active-types'
              )
            | string
          )[];
          charts: (('events-by-type' | 'purchases' | 'errors' | 'revenue' | 'latency-p95') | string)[];
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OverviewLayout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
    };
  };
  resetOverviewLayout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OverviewLayout'];
        };
      };
      401: components['responses']['Unauthorized'];
    };
  };
  saveTeamOverviewLayout: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          kpis: (
            | (
                | 'events-per-second'
                | 'purchases-per-minute'
                | 'revenue-per-minute'
                | 'errors-per-second'
                | 'latency-p95'
                | 'active-types'
              )
            | string
          )[];
          charts: (('events-by-type' | 'purchases' | 'errors' | 'revenue' | 'latency-p95') | string)[];
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OverviewLayout'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
    };
  };
  getHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            status: 'ok';
          };
        };
      };
    };
  };
  getReadiness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            ready: boolean;
          };
        };
      };
      /** @description 503 */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            ready: boolean;
          };
        };
      };
    };
  };
}
