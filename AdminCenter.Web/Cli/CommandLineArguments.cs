using System.Globalization;

namespace AdminCenter.Web.Cli;

/// <summary>"--name value" pairs after a command word; unknown or malformed options are errors with a message.</summary>
public sealed class CommandLineArguments
{
    private readonly Dictionary<string, string> values = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> flags = new(StringComparer.OrdinalIgnoreCase);

    public CommandLineArguments(IEnumerable<string> args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flagOptions)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                throw new CommandLineException($"unexpected argument '{name}'");
            }

            name = name[2..];
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && valueOptions.Contains(name[..eq]))
            {
                values[name[..eq]] = name[(eq + 1)..];
            }
            else if (valueOptions.Contains(name))
            {
                if (!e.MoveNext())
                {
                    throw new CommandLineException($"--{name} needs a value");
                }

                values[name] = e.Current;
            }
            else if (flagOptions.Contains(name))
            {
                flags.Add(name);
            }
            else if (name.Contains(':', StringComparison.Ordinal) || name.Contains('=', StringComparison.Ordinal))
            {
                // configuration overrides such as --AdminCenter:UpdateWindowMinutes=20 are left to the configuration
                if (!name.Contains('=', StringComparison.Ordinal))
                {
                    e.MoveNext();
                }
            }
            else
            {
                throw new CommandLineException($"unknown option --{name}");
            }
        }
    }

    public bool Has(string flag) => flags.Contains(flag);

    public string? Value(string name) => values.GetValueOrDefault(name);

    public int Int(string name, int fallback, int min, int max)
    {
        if (Value(name) is not { } text)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new CommandLineException($"--{name} must be a whole number from {min} to {max} (got '{text}')");
        }

        return value;
    }
}

public sealed class CommandLineException(string message) : Exception(message);
