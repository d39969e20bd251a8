// UI text of the designer and the viewer. Chinese is the default (DESIGN.md §2); a page that sets <html lang="en">
// gets the English strings. bpmn-js's own labels go through translate.js instead.
const TEXT = {
  zh: {
    loading: '正在载入流程图…',
    loadFailed: '流程图载入失败：',
    validating: '正在校验…',
    validateFailed: '校验请求失败：',
    noProblems: '未发现问题，可以部署。',
    problemCount: n => `发现 ${n} 个问题，修正后才能部署。`,
    line: n => `第 ${n} 行`,
    general: '（整个流程）',
    deploying: '正在部署…',
    deployed: v => `已部署为第 ${v} 版`,
    deployFailed: '部署失败：',
    deployRejected: n => `服务器拒绝部署：${n} 个问题。`,
    selectUserTask: '请先在图中选中一个用户任务，再应用提醒策略。',
    reminderApplied: n => `已为 ${n} 个用户任务设置提醒策略（可撤销）。`,
    optionsFailed: '下拉选项载入失败，只能手工输入：',
    paletteHeading: '创星构件',
    currentValue: v => `${v}（当前值）`,
    noneOption: '（不选）',
    group: '审批扩展 (ap:)',
    pickFromList: label => `${label}（从列表选择）`,
    notDuration: '应为 ISO 8601 时长（如 P3D、PT12H）或 ${…} 表达式',
    notDurationList: '应为逗号分隔的 ISO 8601 时长（如 P3D,P1D）或 ${…} 表达式',
  },
  en: {
    loading: 'Loading the diagram…',
    loadFailed: 'Could not load the diagram: ',
    validating: 'Validating…',
    validateFailed: 'Validation request failed: ',
    noProblems: 'No problems found; ready to deploy.',
    problemCount: n => `${n} problem(s) found; fix them to deploy.`,
    line: n => `line ${n}`,
    general: '(whole process)',
    deploying: 'Deploying…',
    deployed: v => `Deployed as version ${v}`,
    deployFailed: 'Deployment failed: ',
    deployRejected: n => `The server refused the deployment: ${n} problem(s).`,
    selectUserTask: 'Select a user task in the diagram first, then apply the reminder policy.',
    reminderApplied: n => `Reminder policy set on ${n} user task(s) (undoable).`,
    optionsFailed: 'Could not load the drop-down options; type values by hand: ',
    paletteHeading: 'Blocks',
    currentValue: v => `${v} (current)`,
    noneOption: '(none)',
    group: 'Approval extensions (ap:)',
    pickFromList: label => `${label} (pick from list)`,
    notDuration: 'Expected an ISO 8601 duration (e.g. P3D, PT12H) or a ${…} expression',
    notDurationList: 'Expected comma-separated ISO 8601 durations (e.g. P3D,P1D) or a ${…} expression',
  },
};

export function isEnglish() {
  return (document.documentElement.lang || '').toLowerCase().startsWith('en');
}

/** t('key') or t('key', arg) for the strings that take a number or value. */
export function t(key, arg) {
  const value = (isEnglish() ? TEXT.en : TEXT.zh)[key];
  return typeof value === 'function' ? value(arg) : value;
}
