/** Local receivers that speak Slack, PagerDuty, Teams, generic webhook and SMTP, for tests and benchmarks. */
export { startHttpReceiver, type Answer, type HttpReceiver, type Received } from './http-receiver';
export { slackAnswers, startSlackReceiver } from './slack';
export { pagerDutyAnswers, startPagerDutyReceiver, validatePagerDutyEvent } from './pagerduty';
export { startTeamsReceiver, startWebhookReceiver } from './webhook';
export { startSmtpReceiver, startSlowSmtpServer, type ReceivedMail, type SmtpReceiver } from './smtp';
