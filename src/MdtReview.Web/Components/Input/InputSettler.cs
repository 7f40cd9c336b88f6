using Microsoft.JSInterop;

namespace MdtReview.Web.Components.Input;

/// <summary>
/// Lets every change the browser has already sent land in a form's model before a save reads that model.
/// </summary>
/// <remarks>
/// MudBlazor applies some choices only after a round trip to the browser: <c>MudSelect</c> re-arms its Escape key handler
/// in JavaScript before it sets the chosen value and raises <c>ValueChanged</c>. A Save click that reaches the server inside
/// that window would validate or save the model as it was before the choice while the screen already shows the choice
/// (a test shown as "Platelets" refused with "Choose a test.", or worse, a result saved under the previously chosen test).
/// Our own round trip, queued behind theirs, closes the window: the browser answers interop calls in the order it received
/// them and the server resumes the waiting handlers in that order, so by the time ours returns the choice is in the model.
/// Every form calls this first thing in its save.
/// </remarks>
public sealed class InputSettler(IJSRuntime js)
{
    public async Task SettleAsync()
    {
        try
        {
            await js.InvokeVoidAsync("mdtReview.settle");
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone: nothing more can arrive from it, so the model is as settled as it will get.
        }
    }
}
