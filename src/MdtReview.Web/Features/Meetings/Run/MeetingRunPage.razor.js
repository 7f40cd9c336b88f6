// Meeting mode keys: Alt+→ / Alt+← anywhere, J / K when not typing in a field.
export function register(dotnet) {
    const handler = (e) => {
        const t = e.target;
        const typing = t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
        let step = 0;
        if (e.altKey && !e.ctrlKey && !e.metaKey && e.key === 'ArrowRight') step = 1;
        else if (e.altKey && !e.ctrlKey && !e.metaKey && e.key === 'ArrowLeft') step = -1;
        else if (!typing && !e.altKey && !e.ctrlKey && !e.metaKey && (e.key === 'j' || e.key === 'J')) step = 1;
        else if (!typing && !e.altKey && !e.ctrlKey && !e.metaKey && (e.key === 'k' || e.key === 'K')) step = -1;
        if (step !== 0) {
            e.preventDefault();
            dotnet.invokeMethodAsync('StepFromKeyboard', step);
        }
    };
    document.addEventListener('keydown', handler);
    return { dispose: () => document.removeEventListener('keydown', handler) };
}
