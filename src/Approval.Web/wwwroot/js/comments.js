// The comment form's mention picker: choosing a person writes "@name " where the cursor is, then returns the
// picker to its prompt. The server resolves the names (and refuses people who may not see the instance).
document.querySelectorAll('select[data-mention-for]').forEach(picker => {
    picker.addEventListener('change', () => {
        const box = document.getElementById(picker.dataset.mentionFor);
        if (!box || !picker.value) return;
        const at = box.selectionStart ?? box.value.length;
        const before = box.value.slice(0, at);
        const text = (before.length > 0 && !/\s$/.test(before) ? ' ' : '') + '@' + picker.value + ' ';
        box.value = before + text + box.value.slice(box.selectionEnd ?? at);
        box.focus();
        box.selectionStart = box.selectionEnd = at + text.length;
        picker.value = '';
    });
});
