namespace AdminCenter.Core.Escalations;

/// <summary>Where an escalation to LTi stands: Open → Sent to LTi → Resolved (Open → Resolved when LTi never needed it).</summary>
public enum EscalationState
{
    Open,
    SentToLti,
    Resolved,
}

public static class EscalationStateExtensions
{
    public static string DisplayName(this EscalationState state) => state switch
    {
        EscalationState.SentToLti => "Sent to LTi",
        _ => state.ToString(),
    };
}

/// <summary>A move the escalation rules do not allow; the message says why, in words for the person who tried.</summary>
public sealed class EscalationRuleException(string message) : InvalidOperationException(message);

/// <summary>
/// The tracking state of one escalation. It changes only through the methods below, each of which refuses a
/// move the rules do not allow (resolving twice, sending a resolved escalation, resolving without a note).
/// </summary>
public sealed record EscalationStatus
{
    public const int MaxTicketLength = 40;
    public const int MaxNoteLength = 2000;

    private EscalationStatus()
    {
    }

    public EscalationState State { get; private init; }
    public string? LtiTicketNumber { get; private init; }
    public DateTimeOffset? SentAt { get; private init; }
    public string? SentBy { get; private init; }
    public DateTimeOffset? ResolvedAt { get; private init; }
    public string? ResolvedBy { get; private init; }
    public string? ResolutionNote { get; private init; }
    public bool ResolvedAutomatically { get; private init; }

    public bool IsResolved => State == EscalationState.Resolved;

    /// <summary>Payments can join an escalation until it is resolved.</summary>
    public bool AcceptsPayments => !IsResolved;

    public static EscalationStatus Opened { get; } = new() { State = EscalationState.Open };

    /// <summary>The status as a store holds it; refuses combinations no sequence of moves can produce.</summary>
    public static EscalationStatus Restore(
        EscalationState state, string? ticket, DateTimeOffset? sentAt, string? sentBy,
        DateTimeOffset? resolvedAt, string? resolvedBy, string? note, bool automatically)
    {
        if (state == EscalationState.SentToLti && string.IsNullOrWhiteSpace(ticket))
        {
            throw new EscalationRuleException("An escalation sent to LTi must carry its LTi ticket number.");
        }

        if (state == EscalationState.Resolved && resolvedAt is null)
        {
            throw new EscalationRuleException("A resolved escalation must say when it was resolved.");
        }

        return new EscalationStatus
        {
            State = state,
            LtiTicketNumber = ticket,
            SentAt = sentAt,
            SentBy = sentBy,
            ResolvedAt = resolvedAt,
            ResolvedBy = resolvedBy,
            ResolutionNote = note,
            ResolvedAutomatically = automatically,
        };
    }

    /// <summary>Open → Sent to LTi with the LTi Customer Care ticket; a sent escalation may have its ticket corrected.</summary>
    public EscalationStatus SendToLti(string ticketNumber, string by, DateTimeOffset at)
    {
        RefuseWhenResolved("sent to LTi");
        var ticket = (ticketNumber ?? "").Trim();
        if (ticket.Length is 0 or > MaxTicketLength)
        {
            throw new EscalationRuleException($"Give the LTi ticket number (1 to {MaxTicketLength} characters).");
        }

        return this with { State = EscalationState.SentToLti, LtiTicketNumber = ticket, SentAt = at, SentBy = by };
    }

    /// <summary>
    /// Resolved by a person: a note is required, and while payments are still overdue the person must confirm
    /// (the payments have not caught up, so resolving means giving up on them).
    /// </summary>
    public EscalationStatus Resolve(string note, string by, DateTimeOffset at, int overduePayments, bool confirmedDespiteOverdue)
    {
        RefuseWhenResolved("resolved");
        var text = (note ?? "").Trim();
        if (text.Length == 0)
        {
            throw new EscalationRuleException("Say how it was resolved: a resolution note is required.");
        }

        if (text.Length > MaxNoteLength)
        {
            throw new EscalationRuleException($"The resolution note is longer than {MaxNoteLength} characters.");
        }

        if (overduePayments > 0 && !confirmedDespiteOverdue)
        {
            throw new EscalationRuleException(
                $"{overduePayments} payment{(overduePayments == 1 ? " is" : "s are")} still overdue: confirm that you want to resolve anyway.");
        }

        return this with { State = EscalationState.Resolved, ResolvedAt = at, ResolvedBy = by, ResolutionNote = text, ResolvedAutomatically = false };
    }

    /// <summary>Resolved by AdminCenter when every payment agrees with ASPIRE again.</summary>
    public EscalationStatus ResolveAutomatically(string note, string by, DateTimeOffset at)
    {
        RefuseWhenResolved("resolved");
        return this with { State = EscalationState.Resolved, ResolvedAt = at, ResolvedBy = by, ResolutionNote = note, ResolvedAutomatically = true };
    }

    private void RefuseWhenResolved(string move)
    {
        if (IsResolved)
        {
            throw new EscalationRuleException($"This escalation is already resolved; it cannot be {move}.");
        }
    }
}
