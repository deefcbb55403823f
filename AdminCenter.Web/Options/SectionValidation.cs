using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Options;

/// <summary>
/// Data annotations on an options section and on every nested section marked [ValidateObjectMembers], each failure
/// naming its configuration key ("AdminCenter:DemoData:Users must be …").
/// </summary>
public sealed class SectionValidation<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var failures = new List<string>();
        Collect(options, section, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Collect(object value, string key, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => r.ErrorMessage is { } message && message.Contains(':', StringComparison.Ordinal)
                ? message
                : $"{key}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<ValidateObjectMembersAttribute>() is not null && property.GetValue(value) is { } nested)
            {
                Collect(nested, $"{key}:{property.Name}", failures);
            }
        }
    }
}
