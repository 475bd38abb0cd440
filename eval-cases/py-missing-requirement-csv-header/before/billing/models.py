from dataclasses import dataclass


@dataclass
class Invoice:
    number: str
    customer: str
    total: float
