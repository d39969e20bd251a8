// Small behaviours every page shares, without a framework:
// - a form is sent once: its buttons are disabled after the first submit (no double completion on a double click);
// - a button with data-confirm asks before it acts (destructive or irreversible actions);
// - a checkbox with data-select-all="name" ticks or clears every checkbox of that name (批量审批's 全选);
// - data-print prints the page, data-select-on-click selects a field's text (no inline on…= handlers: the
//   Content-Security-Policy allows scripts from this site's files only).
document.addEventListener('submit', function (e) {
  var form = e.target;
  var button = e.submitter;
  if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) { e.preventDefault(); return; }
  if (form.dataset.sent) { e.preventDefault(); return; }
  form.dataset.sent = '1';
  // The pressed button's name/value must still reach the server, so disable on the next tick.
  setTimeout(function () { form.querySelectorAll('button').forEach(function (b) { b.disabled = true; }); }, 0);
});

document.addEventListener('click', function (e) {
  var target = e.target instanceof Element ? e.target : null;
  if (!target) return;
  if (target.closest('[data-print]')) window.print();
  var select = target.closest('[data-select-on-click]');
  if (select && typeof select.select === 'function') select.select();
});

document.addEventListener('change', function (e) {
  var all = e.target instanceof HTMLInputElement ? e.target : null;
  if (!all || !all.dataset.selectAll) return;
  document.querySelectorAll('input[type=checkbox][name="' + all.dataset.selectAll + '"]').forEach(function (box) { box.checked = all.checked; });
});
