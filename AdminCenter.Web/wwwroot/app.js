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

// "Copy" beside a borrower line: copies that line (rows are plain markup, so one listener serves every page).
document.addEventListener('click', async function (event) {
    const button = event.target.closest('[data-copy-borrower]');
    if (!button) return;
    const line = button.parentElement.querySelector('[data-testid=tell-the-borrower]');
    if (!line) return;
    const text = line.textContent.replace(/^\s*Tell the borrower:\s*/, '').trim();
    try {
        await navigator.clipboard.writeText(text);
        button.textContent = 'Copied';
    } catch {
        button.textContent = 'Copy failed: select the text';
    }
    setTimeout(function () { button.textContent = 'Copy'; }, 2500);
});

// "Sign out" posts a form; the live page then learns its session ended and would move to the sign-in page itself,
// cutting off the sign-out's own answer (a redirect to the identity provider). Once leaving, it stays out of the way.
window.adminCenterLeaving = false;
document.addEventListener('submit', function (event) {
    if (event.target instanceof HTMLFormElement && new URL(event.target.action, location.href).pathname === '/signout') {
        window.adminCenterLeaving = true;
    }
});
window.adminCenter.toSignIn = function (url) {
    if (!window.adminCenterLeaving) location.assign(url);
};
