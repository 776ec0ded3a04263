from django.db import transaction
from django.shortcuts import render

from consumers import access, imr_scale, inventory
from consumers.chart import open_consumer, saved
from consumers.forms import ImrScaleForm, InventoryMetaForm, TopicProgressForm, clinicians_in
from consumers.models import ImrScaleAdministration, KnowledgeSkillsInventory, TopicProgress
from curriculum.topics import TOPIC_NUMBERS
from imr_site import audit
from imr_site.pending_forms import form_data, keeps_typing


@keeps_typing
@access.capability_required(access.EDIT_RECORDS)
def inventory_create(request, pk):
    consumer = open_consumer(request, pk, write=True)
    record = KnowledgeSkillsInventory(consumer=consumer, recorded_by=request.user)
    previous = consumer.inventories.first()
    meta = InventoryMetaForm(form_data(request), instance=record, prefix="meta")
    answers = inventory.InventoryAnswersForm(
        form_data(request), initial=previous.answers if previous else None
    )
    if request.method == "POST" and meta.is_valid() and answers.is_valid():
        with transaction.atomic():  # the change and its audit event, or neither
            record = meta.save(commit=False)
            record.answers = answers.answers()
            record.save()
            return saved(
                request,
                consumer,
                audit.Action.CREATE,
                target=record,
                fields=meta.changed_data + sorted(record.answers),
                message="The Knowledge and Skills Inventory was saved.",
                section="inventory",
            )
    return render(
        request,
        "consumers/inventory_form.html",
        {"consumer": consumer, "meta": meta, "answers": answers, "previous": previous},
    )


@access.capability_required(access.VIEW_RECORDS)
def inventory_detail(request, pk, inventory_pk):
    consumer = access.consumer_for_user(request.user, pk, request=request)
    record = access.part_for_user(
        request.user,
        KnowledgeSkillsInventory.objects.filter(consumer=consumer).select_related("recorded_by"),
        inventory_pk,
        request=request,
    )
    audit.record(request.user, audit.Action.VIEW, consumer=consumer, target=record, request=request)
    return render(
        request,
        "consumers/inventory_detail.html",
        {
            "consumer": consumer,
            "record": record,
            "sections": inventory.answered_sections(record.answers),
        },
    )


@keeps_typing
@access.capability_required(access.EDIT_RECORDS)
def progress_edit(request, pk):
    consumer = open_consumer(request, pk, write=True)
    rows = {p.topic: p for p in consumer.topic_progress.all()}
    forms = [
        TopicProgressForm(
            form_data(request),
            instance=rows.get(n) or TopicProgress(consumer=consumer, topic=n),
            topic=n,
            prefix=f"topic{n}",
        )
        for n in TOPIC_NUMBERS
    ]
    if request.method == "POST" and all(f.is_valid() for f in forms):
        changed = [f for f in forms if f.has_changed()]
        with transaction.atomic():  # the change and its audit event, or neither
            for form in changed:
                row = form.save(commit=False)
                row.updated_by = request.user
                row.save()
            return saved(
                request,
                consumer,
                audit.Action.CHANGE,
                fields=[f"topic {f.topic}" for f in changed],
                message="Curriculum progress was saved.",
                section="curriculum",
            )
    return render(request, "consumers/progress_form.html", {"consumer": consumer, "forms": forms})


@keeps_typing
@access.capability_required(access.EDIT_RECORDS)
def scale_edit(request, pk, scale_pk=None):
    consumer = open_consumer(request, pk, write=True)
    record = (
        access.part_for_user(
            request.user,
            ImrScaleAdministration.objects.filter(consumer=consumer),
            scale_pk,
            request=request,
        )
        if scale_pk
        else ImrScaleAdministration(consumer=consumer, recorded_by=request.user)
    )
    initial = {}
    if not scale_pk:
        wanted = request.GET.get("version"), request.GET.get("timepoint")
        if wanted[0] in ImrScaleAdministration.Version.values:
            initial["version"] = wanted[0]
        if wanted[1] in ImrScaleAdministration.Timepoint.values:
            initial["timepoint"] = wanted[1]
        initial["rated_by"] = request.user
    form = ImrScaleForm(
        form_data(request),
        instance=record,
        initial=initial,
        raters=clinicians_in([consumer.program]),
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():  # the change and its audit event, or neither
            adding = record.pk is None
            form.save()
            return saved(
                request,
                consumer,
                audit.Action.CREATE if adding else audit.Action.CHANGE,
                target=record,
                fields=form.changed_data,
                message=f"The IMR Scale ({record.get_version_display().lower()}) was saved.",
                section="scales",
            )
    return render(
        request,
        "consumers/scale_form.html",
        {"consumer": consumer, "form": form, "record": record},
    )


@access.capability_required(access.VIEW_RECORDS)
def scale_detail(request, pk, scale_pk):
    consumer = access.consumer_for_user(request.user, pk, request=request)
    record = access.part_for_user(
        request.user,
        ImrScaleAdministration.objects.filter(consumer=consumer).select_related(
            "rated_by", "recorded_by"
        ),
        scale_pk,
        request=request,
    )
    audit.record(request.user, audit.Action.VIEW, consumer=consumer, target=record, request=request)
    answers = record.answers()
    return render(
        request,
        "consumers/scale_detail.html",
        {
            "consumer": consumer,
            "record": record,
            "score": record.scored(),
            "rows": [
                (item, answers[item.number], item.anchor(answers[item.number]))
                for item in imr_scale.ITEMS
            ],
            "can_edit": access.can_in(request.user, access.EDIT_RECORDS, consumer.program),
        },
    )
