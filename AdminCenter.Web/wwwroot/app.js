window.adminCenter = {
    // The payment asked about: in the middle of the screen, with focus, so a keyboard and a screen reader start there.
    focusRow: function (id) {
        const row = document.getElementById(id);
        if (!row) return false;
        row.scrollIntoView({ block: 'center' });
        row.focus({ preventScroll: true });
        return true;
    },
    copyText: async function (text) {
        await navigator.clipboard.writeText(text);
        return true;
    }
};
