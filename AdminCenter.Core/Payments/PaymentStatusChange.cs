namespace AdminCenter.Core.Payments;

/// <summary>One change of a Portal payment's status. <see cref="Source"/> says who made it (Portal or Sync).</summary>
public sealed record PaymentStatusChange(PortalPaymentStatus? From, PortalPaymentStatus To, DateTimeOffset At, string Source);
