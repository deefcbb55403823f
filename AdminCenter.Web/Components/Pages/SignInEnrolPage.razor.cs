using AdminCenter.Web.Features.Security;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Pages;

/// <summary>
/// Enrolment of a second factor before any page, for an account that must have one: the key as a QR code and as text, a
/// first code to prove the app has it, then ten recovery codes shown once.
/// </summary>
[SignInForm]
public partial class SignInEnrolPage
{
    private string? message;
    private PendingSignIn? pending;
    private SecondFactorSetup? setup;
    private IReadOnlyList<string>? recoveryCodes;

    [Inject] private StaffSignIn SignIn { get; set; } = default!;
    [Inject] private SecondFactor SecondFactor { get; set; } = default!;
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "enrol-code")] private SignInCodePage.CodeInput? Input { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        pending = await SignIn.PendingAsync();
        if (pending is { Step: SignInStep.Code })
        {
            HttpContext.Response.Redirect("/signin/code");
            pending = null;
            return;
        }

        if (pending is { Step: SignInStep.Enrol } && !HttpMethods.IsPost(HttpContext.Request.Method))
        {
            // A new key each time the page is opened; the one shown is the one the first code is checked against.
            setup = await SecondFactor.BeginAsync(pending.User);
        }
        else if (pending is { Step: SignInStep.Enrol })
        {
            setup = await SecondFactor.SetupAsync(pending.User);
        }
    }

    private async Task ConfirmAsync()
    {
        if (pending is not { Step: SignInStep.Enrol })
        {
            return;
        }

        var (problem, codes) = await SignIn.ConfirmEnrolmentAsync(pending, Input?.Code, CancellationToken.None);
        message = problem;
        recoveryCodes = codes;
    }

    private async Task ContinueAsync()
    {
        if (pending is not null && await SignIn.ContinueAfterEnrolmentAsync(pending, CancellationToken.None))
        {
            HttpContext.Response.Redirect(pending.ReturnPath);
        }
    }
}
