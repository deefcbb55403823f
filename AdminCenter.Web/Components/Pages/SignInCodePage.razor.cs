using System.ComponentModel.DataAnnotations;
using AdminCenter.Web.Features.Security;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Pages;

/// <summary>The second step of a sign-in: a one-time code, or a recovery code, from someone who has just passed the password.</summary>
[SignInForm]
public partial class SignInCodePage
{
    private string? message;
    private PendingSignIn? pending;

    [Inject] private StaffSignIn SignIn { get; set; } = default!;
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm] private CodeInput? Input { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        pending = await SignIn.PendingAsync();
        if (pending is { Step: SignInStep.Enrol })
        {
            HttpContext.Response.Redirect("/signin/enrol");
        }
    }

    private async Task VerifyAsync()
    {
        if (pending is null)
        {
            return;
        }

        message = await SignIn.CompleteWithCodeAsync(pending, Input?.Code, CancellationToken.None);
        if (message is null)
        {
            HttpContext.Response.Redirect(pending.ReturnPath);
        }
    }

    public sealed class CodeInput
    {
        [Required(ErrorMessage = "Enter the code.")]
        [MaxLength(40)]
        public string Code { get; set; } = "";
    }
}
