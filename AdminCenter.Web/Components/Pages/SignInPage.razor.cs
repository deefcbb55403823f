using System.ComponentModel.DataAnnotations;
using AdminCenter.Web.Features.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;

namespace AdminCenter.Web.Components.Pages;

public partial class SignInPage
{
    private string? message;

    [Inject] private SignInManager<IdentityUser> SignInManager { get; set; } = default!;
    [Inject] private AuditLog Audit { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromForm] private SignInInput? Input { get; set; }

    [SupplyParameterFromQuery] public string? ReturnUrl { get; set; }

    protected override void OnInitialized() => Input ??= new();

    private async Task SignInAsync()
    {
        Input ??= new();
        var email = Input.Email.Trim();
        var result = await SignInManager.PasswordSignInAsync(email, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await Audit.AppendAsync(email, AuditActions.SignIn, null, null, CancellationToken.None);
            Navigation.NavigateTo(LocalOnly(ReturnUrl), forceLoad: true);
            return;
        }

        await Audit.AppendAsync(email, AuditActions.SignInFailed, null, result.IsLockedOut ? "locked out" : "wrong email or password", CancellationToken.None);
        message = result.IsLockedOut
            ? "Too many failed attempts: this account is locked for 15 minutes."
            : "Wrong email or password.";
    }

    /// <summary>Only paths on this site: never an open redirect.</summary>
    private static string LocalOnly(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";

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
