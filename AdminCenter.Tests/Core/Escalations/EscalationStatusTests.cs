using AdminCenter.Core.Escalations;

namespace AdminCenter.Tests.Core.Escalations;

public sealed class EscalationStatusTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_escalation_goes_open_then_sent_then_resolved()
    {
        var sent = EscalationStatus.Opened.SendToLti("  LTI-CC-48213 ", "lead", At);
        var resolved = sent.Resolve("LTi restarted the sync.", "lead", At.AddHours(1), overduePayments: 0, confirmedDespiteOverdue: false);

        Assert.Equal(EscalationState.SentToLti, sent.State);
        Assert.Equal("LTI-CC-48213", sent.LtiTicketNumber);
        Assert.Equal(EscalationState.Resolved, resolved.State);
        Assert.Equal("LTI-CC-48213", resolved.LtiTicketNumber);
        Assert.False(resolved.ResolvedAutomatically);
        Assert.False(resolved.AcceptsPayments);
        Assert.Equal(EscalationState.Open, EscalationStatus.Opened.State);
    }

    [Fact]
    public void A_resolved_escalation_refuses_every_further_move()
    {
        var resolved = EscalationStatus.Opened.ResolveAutomatically("caught up", "AdminCenter", At);

        Assert.Throws<EscalationRuleException>(() => resolved.SendToLti("LTI-1", "lead", At));
        Assert.Throws<EscalationRuleException>(() => resolved.Resolve("again", "lead", At, 0, false));
        Assert.Throws<EscalationRuleException>(() => resolved.ResolveAutomatically("again", "AdminCenter", At));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("LTI-0123456789012345678901234567890123456789")]
    public void A_ticket_number_must_be_given_and_fit(string ticket) =>
        Assert.Throws<EscalationRuleException>(() => EscalationStatus.Opened.SendToLti(ticket, "lead", At));

    [Fact]
    public void Resolving_needs_a_note_and_a_confirmation_while_payments_are_overdue()
    {
        var noNote = Assert.Throws<EscalationRuleException>(() => EscalationStatus.Opened.Resolve(" ", "lead", At, 0, false));
        var overdue = Assert.Throws<EscalationRuleException>(() => EscalationStatus.Opened.Resolve("done", "lead", At, 2, false));
        var confirmed = EscalationStatus.Opened.Resolve("LTi could not help; closed", "lead", At, 2, true);

        Assert.Contains("note", noNote.Message);
        Assert.Contains("2 payments are still overdue", overdue.Message);
        Assert.Equal(EscalationState.Resolved, confirmed.State);
    }

    [Fact]
    public void A_stored_state_no_move_can_produce_is_refused()
    {
        Assert.Throws<EscalationRuleException>(() => EscalationStatus.Restore(EscalationState.SentToLti, null, At, "lead", null, null, null, false));
        Assert.Throws<EscalationRuleException>(() => EscalationStatus.Restore(EscalationState.Resolved, "LTI-1", At, "lead", null, "lead", "x", false));
    }

    [Theory]
    [InlineData(EscalationState.Open, "Open")]
    [InlineData(EscalationState.SentToLti, "Sent to LTi")]
    [InlineData(EscalationState.Resolved, "Resolved")]
    public void States_have_words(EscalationState state, string words) => Assert.Equal(words, state.DisplayName());
}
