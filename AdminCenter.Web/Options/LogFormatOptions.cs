using System.ComponentModel.DataAnnotations;

namespace AdminCenter.Web.Options;

/// <summary>"AdminCenter:Logging": how the console log is written: Text (for people) or Json (one object a line, with the trace id, for a log pipeline).</summary>
public sealed class LogFormatOptions : IValidatableObject
{
    public const string Section = "AdminCenter:Logging";

    public string Format { get; set; } = "Text";

    public bool IsJson => string.Equals(Format, "Json", StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsJson && !string.Equals(Format, "Text", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"{Section}:Format must be Text or Json (it is '{Format}').");
        }
    }
}
