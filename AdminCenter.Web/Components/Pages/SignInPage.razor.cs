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
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm] private SignInInput? Input { get; set; }

    [SupplyParameterFromQuery] public string? ReturnUrl { get; set; }

    protected override void OnInitialized()
    {
        Input ??= new();
        if (!HttpMethods.IsPost(HttpContext.Request.Method))
        {
            ended = SessionEndNotice.Take(HttpContext, Security.Value);
        }
    }

    private async Task SignInAsync()
    {
        Input ??= new();
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
