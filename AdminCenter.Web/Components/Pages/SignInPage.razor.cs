using System.ComponentModel.DataAnnotations;
using AdminCenter.Web.Features.Security;
using Microsoft.AspNetCore.Components;

namespace AdminCenter.Web.Components.Pages;

[SignInForm]
public partial class SignInPage
{
    private string? message;
    private string? ended;

    [Inject] private StaffSignIn SignIn { get; set; } = default!;
    [Inject] private Microsoft.Extensions.Options.IOptions<AdminCenter.Web.Options.SecurityOptions> Security { get; set; } = default!;
    [Inject] private Microsoft.Extensions.Options.IOptions<AdminCenter.Web.Options.StaffAuthenticationOptions> Authentication { get; set; } = default!;
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm] private SignInInput? Input { get; set; }

    [SupplyParameterFromQuery] public string? ReturnUrl { get; set; }

    /// <summary>Why single sign-on sent the person back (a code, see <see cref="SingleSignOn.Refusals"/>).</summary>
    [SupplyParameterFromQuery(Name = "error")] public string? Error { get; set; }

    private string SingleSignOnHref => "/signin/oidc?returnUrl=" + Uri.EscapeDataString(LocalPaths.Only(ReturnUrl));

    /// <summary>Which ways of signing in this deployment offers, in words.</summary>
    private string WaysText => (Authentication.Value.Oidc.Enabled, Authentication.Value.LocalAccounts) switch
    {
        (true, true) => $"Staff sign in with {Authentication.Value.Oidc.DisplayName}; AdminCenter passwords are for accounts an admin made here.",
        (true, false) => $"Staff sign in with {Authentication.Value.Oidc.DisplayName} only.",
        _ => "Staff accounts only. Ask an admin for an account (add-user).",
    };

    protected override void OnInitialized()
    {
        Input ??= new();
        if (!HttpMethods.IsPost(HttpContext.Request.Method))
        {
            ended = SessionEndNotice.Take(HttpContext, Security.Value);
            message = Error is not null && SingleSignOn.Refusals.TryGetValue(Error, out var refusal) ? refusal : null;
        }
    }

    private async Task SignInAsync()
    {
        Input ??= new();
        if (!Authentication.Value.LocalAccounts)
        {
            return;
        }

        var returnPath = LocalPaths.Only(ReturnUrl);
        switch (await SignIn.SignInAsync(Input.Email, Input.Password, returnPath, CancellationToken.None))
        {
            case SignInStep.SignedIn:
                // Redirect with the path exactly as escaped: NavigationManager would turn it back into non-ASCII text.
                HttpContext.Response.Redirect(returnPath);
                return;
            case SignInStep.Code:
                HttpContext.Response.Redirect("/signin/code");
                return;
            case SignInStep.Enrol:
                HttpContext.Response.Redirect("/signin/enrol");
                return;
        }

        message = SignIn.FailureMessage;
    }

    public sealed class SignInInput
    {
        [Required(ErrorMessage = "Enter your email.")]
        [MaxLength(254)]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [MaxLength(200)]
        public string Password { get; set; } = "";
    }
}
