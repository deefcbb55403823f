namespace AdminCenter.Core.Payments;

/// <summary>The five statuses a Customer Portal payment can show.</summary>
public enum PortalPaymentStatus
{
    Pending,
    Scheduled,
    PendingCancel,
    Canceled,
    Paid,
}

public static class PortalPaymentStatusExtensions
{
    /// <summary>Canceled and Paid never change again.</summary>
    public static bool IsTerminal(this PortalPaymentStatus status) =>
        status is PortalPaymentStatus.Canceled or PortalPaymentStatus.Paid;

    public static string DisplayName(this PortalPaymentStatus status) => status switch
    {
        PortalPaymentStatus.PendingCancel => "Pending Cancel",
        _ => status.ToString(),
    };
}
