using System.CommandLine;
using System.Globalization;

namespace AdminCenter.Web.Cli;

/// <summary>Typed options with their checks, so a bad value is a parse error that names the option.</summary>
internal static class CommandOptions
{
    public static Option<int?> WholeNumber(string name, string description, int min, int max)
    {
        var option = new Option<int?>(name) { Description = $"{description} ({min:N0} to {max:N0})" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && (value < min || value > max))
            {
                result.AddError($"{name} must be a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} (got {value.ToString(CultureInfo.InvariantCulture)}).");
            }
        });
        return option;
    }

    public static Option<DateTimeOffset?> Instant(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                && text.Length >= 10 && text[4] == '-' && text[7] == '-')
            {
                return value.ToUniversalTime();
            }

            result.AddError($"{name} must be an ISO 8601 instant such as 2026-03-09T14:40:00Z (got '{text}').");
            return null;
        },
    };
}
