using AdminCenter.Core.Diagnosis;
using AdminCenter.Web.Configuration;
using AdminCenter.Web.Features.Queue;
using AdminCenter.Web.Features.Reconciliation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdminCenter.Tests.Support;

/// <summary>A seeded store with the reconciliation pieces wired as the app wires them.</summary>
public sealed class ReconciledStore : IDisposable
{
    public ReconciledStore(int users = 120, int payments = 900)
    {
        Store = new SeededStore(users, payments);
        Reconciler = new Reconciler(Store.Contexts, Store.Reader, new PaymentDiagnostician(DiagnosisSettings.Default), Options.Create(new AdminCenterOptions()));
        Runner = new ReconciliationRunner(Reconciler, Store.Contexts, Store.Clock, [], NullLogger<ReconciliationRunner>.Instance);
        Queue = new StuckQueueQuery(Store.Contexts, Store.Clock);
    }

    public SeededStore Store { get; }
    public Reconciler Reconciler { get; }
    public ReconciliationRunner Runner { get; }
    public StuckQueueQuery Queue { get; }

    public void Dispose() => Store.Dispose();
}
