// The "创星构件" palette section: steps of the star-rating cycle, preconfigured with the attributes the shipped
// workflows (workflows/*.bpmn) give the same step, so a designer starts from a step the engine already runs.
// `letter` and `colour` tell the palette icons apart (approval-palette.js, bpmn-approval.css).

const remind = set => ({
  'ap:remindBefore': `\${calendar.remind.${set}.before}`,
  'ap:remindEvery': `\${calendar.remind.${set}.every}`,
  'ap:escalateAfter': `\${calendar.remind.${set}.escalateAfter}`,
});

const userTask = (formKey, candidateGroups, org, dueDate, reminders, extra = {}) => ({
  'camunda:formKey': formKey,
  'camunda:candidateGroups': candidateGroups,
  'ap:org': org,
  'camunda:dueDate': dueDate,
  ...extra,
  ...remind(reminders),
});

const mapIn = (source, target = source) => ({ type: 'camunda:In', source, target });

export const BLOCKS = [
  {
    id: 'pledge', type: 'bpmn:UserTask', name: '公开承诺',
    letter: '诺', colour: '#c62828', title: '公开承诺 · pledge',
    attrs: userTask('pledge', 'secretary', '${orgId}', '${calendar.pledgeDue}', 'pledge'),
  },
  {
    id: 'monthly-report', type: 'bpmn:UserTask', name: '月度践诺报告',
    letter: '月', colour: '#ef6c00', title: '月度践诺报告 · monthly report',
    attrs: userTask('monthly-report', '${reportGroup}', '${orgId}', '${month.due}', 'report'),
  },
  {
    id: 'vote-session', type: 'bpmn:UserTask', name: '民主测评',
    letter: '测', colour: '#2e7d32', title: '民主测评 · vote session',
    attrs: userTask('vote-session', 'secretary', '${orgId}', '${calendar.voteDue}', 'yearEnd'),
  },
  {
    id: 'assessment', type: 'bpmn:UserTask', name: '上级考评',
    letter: '考', colour: '#1565c0', title: '上级考评 · assessment',
    attrs: userTask('assessment', 'org-department', '${upperOrgId}', '${calendar.assessmentDue}', 'yearEnd'),
  },
  {
    // org-cycle's tier-approval binds ${tierOrgId} through its multi-instance; a single tier approves at the upper
    // organization, as member-cycle's upper-approval does.
    id: 'tier-approval', type: 'bpmn:UserTask', name: '分级审批',
    letter: '批', colour: '#6a1b9a', title: '分级审批 · tiered approval',
    attrs: userTask('approval', 'org-department', '${upperOrgId}', '${calendar.approvalPeriod}', 'review',
      { 'ap:outcomes': 'approve,return,reject' }),
  },
  {
    id: 'public-notice', type: 'bpmn:CallActivity', name: '评星公示',
    letter: '示', colour: '#00838f', title: '评星公示 · public notice',
    attrs: { calledElement: 'public-notice' },
    // the mappings of org-cycle's notice call
    mappings: [
      mapIn('campaignId'), mapIn('year'), mapIn('calendar'), mapIn('subjectKind'), mapIn('subjectId'),
      mapIn('subjectName'), mapIn('orgId'), mapIn('result'),
      { type: 'camunda:In', sourceExpression: "${'rating'}", target: 'noticeKind' },
      mapIn('upperOrgId', 'investigatorOrgId'),
      { type: 'camunda:Out', source: 'noticeOutcome', target: 'noticeOutcome' },
      { type: 'camunda:Out', source: 'noticeId', target: 'noticeId' },
    ],
  },
  {
    id: 'objection-review', type: 'bpmn:UserTask', name: '异议核查',
    letter: '异', colour: '#ad1457', title: '异议核查 · objection review',
    attrs: userTask('objection-review', 'org-department', '${investigatorOrgId}', '${calendar.investigationPeriod}',
      'review'),
  },
  {
    // camunda:type="external" makes the Camunda properties panel show the topic field; the engine reads the topic.
    id: 'ratify', type: 'bpmn:ServiceTask', name: '批准授星',
    letter: '星', colour: '#f9a825', title: '批准入账 · ratification (rating.ratify)',
    attrs: { 'camunda:type': 'external', 'camunda:topic': 'rating.ratify' },
  },
  {
    // CampaignService.StartRecheckAsync starts recheck with orgId, ownerOrgId and calendar
    id: 'recheck', type: 'bpmn:CallActivity', name: '动态复查',
    letter: '复', colour: '#4e342e', title: '动态复查 · re-check',
    attrs: { calledElement: 'recheck' },
    mappings: [ mapIn('orgId'), mapIn('ownerOrgId'), mapIn('calendar') ],
  },
];

/** Not a shape: applied to the selected user task(s) by the palette's 提醒策略 entry. */
export const REMINDER_POLICY = {
  id: 'reminder-policy', letter: '铃', colour: '#37474f',
  title: '提醒策略 · reminder policy (P3D,P1D / P1D / P2D)',
  attrs: { 'ap:remindBefore': 'P3D,P1D', 'ap:remindEvery': 'P1D', 'ap:escalateAfter': 'P2D' },
};
